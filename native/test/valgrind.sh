#!/usr/bin/env bash
# Run a reduced tracker exercise under valgrind memcheck. Exits 0 when no memcheck error has
# a frame in our code (leakproof_native.node / native/src); node's and V8's own reports are
# suppressed by valgrind.supp (top frame in node/libc only) and listed for information.
# Usage: bash native/test/valgrind.sh   (needs the addon and test addon built)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
native="$(cd "$here/.." && pwd)"
log="${LEAKPROOF_VALGRIND_LOG:-$native/build/valgrind.log}"
mkdir -p "$(dirname "$log")"
node "$native/scripts/build-test-addon.mjs" >/dev/null

# --jitless: no generated code (valgrind + JIT is slow and noisy); leak checking off: node
# leaks on purpose at exit and the test addon leaks on purpose.
set +e
UV_THREADPOOL_SIZE=4 valgrind --tool=memcheck --error-exitcode=99 --leak-check=no \
  --trace-children=no --num-callers=30 --suppressions="$here/valgrind.supp" \
  --log-file="$log" node --jitless "$native/scripts/valgrind-smoke.mjs" >"$log.out" 2>&1
rc=$?
set -e
echo "valgrind exit code: $rc (log: $log)"
summary="$(grep -E 'ERROR SUMMARY' "$log" | tail -1)"
echo "$summary"

# Errors attributed to our sources: any error record with one of our frames.
ours=$(awk '
  /^==[0-9]+== [A-Z].*(Invalid|uninitialised|Mismatched|overlap|Syscall param|free\(\))/ { if (rec && hit) n++; rec=1; hit=0; next }
  /leakproof::|leakproof_native\.node|native\/src\/|\((addon|alloc_profile|c_api|dlopen_hook|got_patch|guard_alloc|guard_hooks|guard_napi|guard_report|hooks|live_table|originals|owner_gate|pending_table|snapshot_numbers|stack_capture|stack_trie|symbolize|tracker)\.cc:/ { if (rec) hit=1 }
  /^==[0-9]+== $/ { if (rec && hit) n++; rec=0; hit=0 }
  END { print n+0 }' "$log")
echo "memcheck errors with frames in leakproof native sources: $ours"
cat "$log.out"
if ! grep -q "valgrind-smoke ok" "$log.out"; then
  echo "smoke script failed under valgrind (exit $rc)"; exit 1
fi
[ "$ours" -eq 0 ]
