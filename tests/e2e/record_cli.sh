#!/usr/bin/env bash
# heapsnap record on real Node.js programs: a leaking service (diff names the leak), its fixed
# twin (no suspect), snapshots on a signal with gate run afterwards, a program that ends too soon,
# and a command that is not node. The program must be stopped when record returns. Every process
# started here is killed on exit, even on failure.
source "$(dirname "$0")/lib.bash"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do
    kill -9 "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  # Programs record started, should a check have failed before record stopped them.
  for p in $(sed -n 's/^heapsnap: recording pid \([0-9]*\) .*/\1/p' "$TMP"/*.err 2>/dev/null); do
    kill -9 "$p" 2>/dev/null
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
command -v node >/dev/null || { echo "node not found"; exit 1; }
APP=$SRC/tools/scenarios/live-map-cache.js

recorded_pid() { sed -n 's/^heapsnap: recording pid \([0-9]*\) .*/\1/p' <<<"$1" | head -n1; }

# --- a leak -------------------------------------------------------------------------------------
run timeout 120 "$HEAPSNAP" record --snapshots 3 --warmup 1s --interval 2s --out-dir "$TMP/leak" \
  --then "diff --json" -- node "$APP"
printf '%s\n' "$ERR" >"$TMP/leak.err"
check "record exits with diff's exit code 0" test "$RC" -eq 0
check "three snapshots in the directory" test -s "$TMP/leak/1.heapsnapshot" -a -s "$TMP/leak/2.heapsnapshot" -a -s "$TMP/leak/3.heapsnapshot"
check "no partial files" test -z "$(ls "$TMP/leak" | grep partial)"
check "the program's own output passes through" contains "$OUT" "ready"
check "Node's inspector lines are not passed through" test -z "$(grep -e 'Debugger listening' -e 'Debugger attached' <<<"$ERR")"
DIFF_JSON=$(sed -n '/^{/,$p' <<<"$OUT")
check "diff matched objects by id (one session)" test "$(json_get "$DIFF_JSON" 'd["ids_comparable"]')" = True
check "diff names the leak" contains "$(json_get "$DIFF_JSON" 'd["suspects"][0]["name"]')" contextsByRequestId
PID=$(recorded_pid "$ERR")
check "record says which pid it ran" test -n "$PID"
check "the program is stopped when record returns" test -n "$PID" -a ! -d "/proc/$PID"

# --- its fixed twin -----------------------------------------------------------------------------
run timeout 120 "$HEAPSNAP" record --snapshots 3 --warmup 1s --interval 2s --out-dir "$TMP/fixed" \
  --compress gz --then "diff --json" -- node "$APP" --fixed
printf '%s\n' "$ERR" >"$TMP/fixed.err"
check "record of the fixed twin exits 0" test "$RC" -eq 0
check "--compress gz writes .gz files" test -s "$TMP/fixed/3.heapsnapshot.gz"
DIFF_JSON=$(sed -n '/^{/,$p' <<<"$OUT")
check "the fixed twin has no suspect" test "$(json_get "$DIFF_JSON" 'len(d["suspects"])')" = 0

# --- snapshots on a signal, then gate -----------------------------------------------------------
timeout 120 "$HEAPSNAP" record --snapshots 3 --on-signal USR2 --out-dir "$TMP/signal" \
  --then gate -- node "$APP" >"$TMP/signal.out" 2>"$TMP/signal.err" &
RECORD=$!
PIDS+=("$RECORD")
# The signal goes to heapsnap itself (RECORD is timeout's pid); it says its pid.
for ((i = 0; i < 600; i++)); do
  grep -q 'kill -USR2' "$TMP/signal.err" && break
  sleep 0.05
done
HEAPSNAP_PID=$(sed -n 's/.*(kill -USR2 \([0-9]*\)).*/\1/p' "$TMP/signal.err")
check "record --on-signal tells which pid to signal" test -n "$HEAPSNAP_PID"
for k in 1 2 3; do
  sleep 1.5
  [ -n "$HEAPSNAP_PID" ] && kill -USR2 "$HEAPSNAP_PID"
  for ((i = 0; i < 600; i++)); do  # until snapshot k is written (at most 30 s)
    [ "$(grep -c '^heapsnap: snapshot ' "$TMP/signal.err")" -ge "$k" ] && break
    sleep 0.05
  done
done
wait "$RECORD"
RC=$?
OUT=$(cat "$TMP/signal.out")
ERR=$(cat "$TMP/signal.err")
check "record --on-signal took three snapshots" test "$(grep -c '^heapsnap: snapshot ' <<<"$ERR")" -eq 3
check "gate ran in-process and failed on the leak (exit 1)" test "$RC" -eq 1
check "gate's report names the leak" contains "$OUT" "RequestContext"

# --- failures -----------------------------------------------------------------------------------
run timeout 60 "$HEAPSNAP" record --snapshots 3 --warmup 5s --out-dir "$TMP/short" \
  -- node -e "setTimeout(() => {}, 300)"
printf '%s\n' "$ERR" >"$TMP/short.err"
check "a program that ends before the snapshots exits 2" test "$RC" -eq 2
check "... saying so" contains "$ERR" "the program ended (exit code 0) after 0 of 3 snapshots"

run timeout 30 "$HEAPSNAP" record --out-dir "$TMP/sleep" -- sleep 5
check "a command that is not node exits 2 at once" test "$RC" -eq 2
check "... saying why" contains "$ERR" "must start with node"
run timeout 30 "$HEAPSNAP" record --snapshots 1 -- node "$APP"
check "one snapshot with diff to run is a usage error" test "$RC" -eq 2
check "... saying why" contains "$ERR" "leaves nothing to diff"
run timeout 30 "$HEAPSNAP" record --then "top" -- node "$APP"
check "--then with another command is refused" test "$RC" -eq 2

finish
