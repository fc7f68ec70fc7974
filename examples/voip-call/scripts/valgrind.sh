#!/usr/bin/env bash
# valgrind memcheck of the voip addon (no leakproof loaded): no memory error in the addon's sources, and
# "definitely lost" blocks allocated in them only when a defect is planted. node's and V8's own reports are
# suppressed by leakproof's native/test/valgrind.supp.
# Usage: bash examples/voip-call/scripts/valgrind.sh [VOIP_DEFECTS value]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
log="$(mktemp -d)/voip-valgrind.log"
set +e
VOIP_DEFECTS="${1:-}" UV_THREADPOOL_SIZE=2 valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite \
  --num-callers=20 --suppressions="$here/../../../native/test/valgrind.supp" --log-file="$log" node --jitless --expose-gc "$here/valgrind-smoke.mjs"
set -e
grep -E "ERROR SUMMARY|definitely lost:" "$log" | sed 's/^==[0-9]*== //'
ours=$(awk '/^==[0-9]+== [A-Z].*(Invalid|uninitialised|Mismatched|overlap)/ { rec=1; next }
  /addon\/src\/|\((addon|audio_pool|call_session|codec|jitter_buffer)\.cc:/ { if (rec) { n++; rec=0 } }
  /^==[0-9]+== $/ { rec=0 } END { print n+0 }' "$log")
lost=$(awk '/definitely lost in/ { rec=1; next } /\((addon|audio_pool|call_session|codec|jitter_buffer)\.cc:/ { if (rec) { n++; rec=0 } } /^==[0-9]+== $/ { rec=0 } END { print n+0 }' "$log")
echo "memory errors with frames in the voip addon: $ours"
echo "definitely-lost records allocated in the voip addon: $lost"
grep -A8 "definitely lost in" "$log" | grep -E "definitely lost in|\.cc:" | sed "s/^==[0-9]*== //" | head -20 || true
echo "(log: $log)"
[ "$ours" -eq 0 ]
