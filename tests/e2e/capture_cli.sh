#!/usr/bin/env bash
# heapsnap capture against real Node.js processes on loopback: by pid (SIGUSR1) and by inspector
# address, plain and gzip output, the process left running; and the failures (a pid that is not
# Node, a closed port, a process killed mid-capture) each exit 2 with one line and leave no file
# under the final name. Every process started here is killed on exit, even on failure.
source "$(dirname "$0")/lib.bash"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do
    kill -9 "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
command -v node >/dev/null || { echo "node not found"; exit 1; }

# wait_for_line FILE TEXT SECONDS: waits until FILE holds TEXT.
wait_for_line() {
  local i
  for ((i = 0; i < $3 * 20; i++)); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "timed out waiting for '$2' in $1" >&2
  return 1
}

# --- by pid -------------------------------------------------------------------------------------
# --inspect-port=0: SIGUSR1 opens the inspector on a free port (9229 may be taken on a shared
# machine); heapsnap finds it from /proc.
node --inspect-port=0 "$SRC/tools/scenarios/live-map-cache.js" >"$TMP/app.out" 2>"$TMP/app.err" &
APP=$!
PIDS+=("$APP")
wait_for_line "$TMP/app.out" ready 20
run timeout 60 "$HEAPSNAP" capture --pid "$APP" -o "$TMP/by-pid.heapsnapshot"
check "capture --pid exits 0" test "$RC" -eq 0
check "capture --pid says what it wrote" contains "$OUT" "wrote $TMP/by-pid.heapsnapshot"
check "no .partial file is left" test ! -e "$TMP/by-pid.heapsnapshot.partial"
check "the process still runs after capture --pid" kill -0 "$APP"
run "$HEAPSNAP" info --json "$TMP/by-pid.heapsnapshot"
check "the snapshot taken by pid loads" test "$RC" -eq 0
check "... and holds objects" test "$(json_get "$OUT" 'd["files"][0]["node_count"] > 10000')" = True
check "Node announced its inspector after SIGUSR1" contains "$(cat "$TMP/app.err")" "Debugger listening on ws://127.0.0.1:"

# The inspector is open now; a second capture by pid finds it again (no new port this time).
run timeout 60 "$HEAPSNAP" capture --pid "$APP" -o "$TMP/by-pid-2.heapsnapshot.gz" --no-gc
check "a second capture --pid exits 0" test "$RC" -eq 0
run "$HEAPSNAP" info --json "$TMP/by-pid-2.heapsnapshot.gz"
check "the gzip snapshot loads" test "$RC" -eq 0
check "... and is gzip" test "$(json_get "$OUT" 'd["files"][0]["gzip"]')" = True
check "the process still runs after two captures" kill -0 "$APP"

# --- by inspector address -----------------------------------------------------------------------
node --inspect=127.0.0.1:0 "$SRC/tools/scenarios/live-map-cache.js" >"$TMP/app2.out" 2>"$TMP/app2.err" &
APP2=$!
PIDS+=("$APP2")
wait_for_line "$TMP/app2.err" "Debugger listening on ws://127.0.0.1:" 20
wait_for_line "$TMP/app2.out" ready 20
PORT=$(sed -n 's|^Debugger listening on ws://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/app2.err" | head -n1)
run timeout 60 "$HEAPSNAP" capture --inspect "127.0.0.1:$PORT" -o "$TMP/by-port.heapsnapshot" \
  --track-allocations --wait 1s
check "capture --inspect exits 0" test "$RC" -eq 0
run "$HEAPSNAP" info "$TMP/by-port.heapsnapshot"
check "the snapshot taken by port loads" test "$RC" -eq 0
check "--track-allocations gives allocation stacks" contains "$OUT" "allocation traces  yes"
check "the process still runs after capture --inspect" kill -0 "$APP2"

# --- failures: exit 2, one line, no file --------------------------------------------------------
sleep 30 &
SLEEPER=$!
PIDS+=("$SLEEPER")
run timeout 30 "$HEAPSNAP" capture --pid "$SLEEPER" -o "$TMP/not-node.heapsnapshot"
check "a pid that is not Node exits 2" test "$RC" -eq 2
check "... with one line" test "$(printf '%s\n' "$ERR" | wc -l)" -eq 1
check "... that says so" contains "$ERR" "is not a Node.js process"
check "... no file" test ! -e "$TMP/not-node.heapsnapshot" -a ! -e "$TMP/not-node.heapsnapshot.partial"
check "... and the process was not signalled" kill -0 "$SLEEPER"

run timeout 30 "$HEAPSNAP" capture --pid 999999999 -o "$TMP/no-such.heapsnapshot"
check "a pid that does not exist exits 2" test "$RC" -eq 2 -a ! -e "$TMP/no-such.heapsnapshot"

# A closed port: bind one, close it, then connect.
CLOSED=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
run timeout 30 "$HEAPSNAP" capture --inspect "127.0.0.1:$CLOSED" -o "$TMP/closed.heapsnapshot"
check "a closed port exits 2" test "$RC" -eq 2
check "... with one line" test "$(printf '%s\n' "$ERR" | wc -l)" -eq 1
check "... naming the address" contains "$ERR" "cannot connect to 127.0.0.1:$CLOSED"
check "... no file" test ! -e "$TMP/closed.heapsnapshot" -a ! -e "$TMP/closed.heapsnapshot.partial"

run timeout 30 "$HEAPSNAP" capture
check "capture without --pid or --inspect is a usage error" test "$RC" -eq 2
run timeout 30 "$HEAPSNAP" capture --pid 1 --inspect 127.0.0.1:9229
check "--pid and --inspect together is a usage error" test "$RC" -eq 2

# A process killed while its snapshot streams in.
node --inspect=127.0.0.1:0 "$SRC/tests/e2e/programs/big-heap.js" >"$TMP/big.out" 2>"$TMP/big.err" &
BIG=$!
PIDS+=("$BIG")
wait_for_line "$TMP/big.err" "Debugger listening on ws://127.0.0.1:" 20
wait_for_line "$TMP/big.out" ready 30
BIGPORT=$(sed -n 's|^Debugger listening on ws://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/big.err" | head -n1)
timeout 170 "$HEAPSNAP" capture --inspect "127.0.0.1:$BIGPORT" -o "$TMP/killed.heapsnapshot" --timeout 150s \
  >"$TMP/killed.out" 2>"$TMP/killed.err" &
CAPTURE=$!
PIDS+=("$CAPTURE")
# Until bytes arrive in the partial file: at most 120 s (on a busy 2-core machine collecting
# garbage and building this snapshot took 33 s).
for ((i = 0; i < 2400; i++)); do
  [ -s "$TMP/killed.heapsnapshot.partial" ] && break
  sleep 0.05
done
check "the snapshot was streaming into FILE.partial" test -s "$TMP/killed.heapsnapshot.partial"
kill -9 "$BIG"
wait "$BIG" 2>/dev/null
wait "$CAPTURE"
RC=$?
OUT=$(cat "$TMP/killed.out")
ERR=$(cat "$TMP/killed.err")
check "a process killed mid-capture exits 2" test "$RC" -eq 2
check "... with one line" test "$(printf '%s\n' "$ERR" | wc -l)" -eq 1
check "... saying the connection closed" contains "$ERR" "closed the connection during HeapProfiler.takeHeapSnapshot"
check "... no file under the final name" test ! -e "$TMP/killed.heapsnapshot"
check "... and the partial file is deleted" test ! -e "$TMP/killed.heapsnapshot.partial"

finish
