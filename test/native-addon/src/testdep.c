/* Dependency of the test addon, located through the addon's RUNPATH ($ORIGIN). */
#include <stdlib.h>
#include <string.h>

void* testdep_leak(size_t bytes) {
  void* p = malloc(bytes); /* TESTDEP_LEAK_SITE */
  if (p) memset(p, 1, bytes);
  return p;
}
