#pragma once
namespace leakproof {
// Call the real dlopen so that a bare library name is searched like the loader would for
// `caller` (the code that called dlopen): the caller's DT_RPATH/DT_RUNPATH ($ORIGIN expanded)
// are tried before the default search. Without this, every dlopen would appear to come
// from our addon and lose the caller's RUNPATH.
void* dlopen_as_caller(const char* file, int mode, const void* caller);
}  // namespace leakproof
