#!/usr/bin/env bash
# Compile-test of the native sources for linux-arm64 (objects only: nothing is linked or run).
# Needs a cross compiler: apt-get install -y g++-aarch64-linux-gnu
# Usage: bash native/scripts/compile-arm64.sh     (exit 0: every source compiled without warnings)
set -euo pipefail
native="$(cd "$(dirname "$0")/.." && pwd)"
cxx="${CXX_ARM64:-aarch64-linux-gnu-g++}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cd "$native"
inc=(-I"$(node -p "require('node-addon-api').include_dir")" -I"$(node -p "require('node-api-headers').include_dir")" -Iinclude)
status=0
for src in src/*.cc; do
  if ! "$cxx" -std=c++17 -O2 -g -fPIC -Wall -Wextra -Werror -fno-omit-frame-pointer -fvisibility=hidden \
      -DNAPI_VERSION=8 -DNAPI_CPP_EXCEPTIONS "${inc[@]}" -c "$src" -o "$out/$(basename "$src").o"; then
    status=1
  fi
done
file "$out"/*.o | grep -c 'ARM aarch64' | xargs -I{} echo "{} objects compiled for aarch64 with $("$cxx" -dumpfullversion)"
exit $status
