/* Plugin dlopen()ed by bare name by the test addon (found through the addon's RUNPATH). */
#include <stdlib.h>
#include <string.h>

void* testplugin_leak(size_t bytes) {
  void* p = malloc(bytes); /* TESTPLUGIN_LEAK_SITE */
  if (p) memset(p, 2, bytes);
  return p;
}
