#!/usr/bin/env bash
# Measures the ways of getting a heap snapshot of one Node.js heap (docs/getting-snapshots.md):
# v8.writeHeapSnapshot() in the process, --heapsnapshot-signal, and heapsnap capture (plain, gzip,
# zstd). For each: wall time, file size, and the process's peak RSS (VmHWM) before and after,
# which shows the memory the snapshot writer needs; for capture also heapsnap's own peak RSS.
# Only 127.0.0.1 is used; every process started here is ended on exit.
#
# usage: tools/measure-snapshot-ways.sh HEAPSNAP [OBJECTS]   (default 250000 objects)
set -euo pipefail
HEAPSNAP=$(realpath "$1")
N=${2:-250000}
TMP=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
cd "$TMP"
cat >heap.js <<'JS'
// N objects with a string each, kept alive; "write" takes a snapshot in-process and exits.
const n = Number(process.argv[2]);
const keep = [];
for (let i = 0; i < n; i++) keep.push({ index: i, label: `item-${i}` });
globalThis.keep = keep;
if (process.argv[3] === 'write') {
  const t = process.hrtime.bigint();
  const file = require('v8').writeHeapSnapshot('write.heapsnapshot');
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  console.log(`v8.writeHeapSnapshot(): ${ms.toFixed(0)} ms, ${require('fs').statSync(file).size} bytes`);
  process.exit(0);
}
console.log('ready');
setInterval(() => {}, 1000);
setTimeout(() => process.exit(0), 600000);
JS
hwm() { awk '/VmHWM/ {print $2 " KiB"}' "/proc/$1/status"; }
rss() { awk '/VmRSS/ {print $2 " KiB"}' "/proc/$1/status"; }
start() {  # start NAME NODE_FLAGS...: starts heap.js, waits for "ready", sets PID
  local name=$1
  shift
  node "$@" heap.js "$N" >"$name.out" 2>"$name.err" &
  PID=$!
  PIDS+=("$PID")
  for ((i = 0; i < 1200; i++)); do grep -q ready "$name.out" 2>/dev/null && return; sleep 0.1; done
  echo "heap.js did not start" >&2
  exit 1
}
now() { date +%s.%N; }
echo "node $(node --version), $N objects, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== v8.writeHeapSnapshot() inside the process"
/usr/bin/time -f "   process peak RSS %M KiB (whole run), %e s" node heap.js "$N" write 2>&1 | sed 's/^v8/   v8/'

echo "== node --heapsnapshot-signal=SIGUSR2, kill -USR2"
start signal --heapsnapshot-signal=SIGUSR2
echo "   before: RSS $(rss "$PID"), peak $(hwm "$PID")"
t0=$(now)
kill -USR2 "$PID"
# Node writes Heap.*.heapsnapshot synchronously on its main thread; done when the size is stable.
last=-1
for ((i = 0; i < 6000; i++)); do
  f=$(ls Heap.*.heapsnapshot 2>/dev/null | head -n1 || true)
  size=$( [ -n "$f" ] && stat -c %s "$f" || echo 0)
  if [ "$size" -gt 0 ] && [ "$size" = "$last" ]; then break; fi
  last=$size
  sleep 0.5
done
t1=$(now)
echo "   $(awk "BEGIN {printf \"%.1f\", $t1 - $t0 - 0.5}") s (to within 0.5 s), $size bytes; after: peak RSS $(hwm "$PID")"
kill "$PID"

for out in plain.heapsnapshot gzip.heapsnapshot.gz zstd.heapsnapshot.zst; do
  echo "== heapsnap capture --pid -o $out"
  start "capture-$out" --inspect-port=0
  echo "   before: node RSS $(rss "$PID"), peak $(hwm "$PID")"
  /usr/bin/time -f "   heapsnap peak RSS %M KiB, %e s" "$HEAPSNAP" capture --pid "$PID" -o "$out" 2>&1 |
    sed 's/^/   /'
  echo "   after: node peak RSS $(hwm "$PID"); file $(stat -c %s "$out") bytes"
  if [ "$out" = plain.heapsnapshot ]; then
    echo "== heapsnap capture --no-gc, same process again"
    /usr/bin/time -f "   heapsnap peak RSS %M KiB, %e s" "$HEAPSNAP" capture --pid "$PID" --no-gc \
      -o nogc.heapsnapshot 2>&1 | sed 's/^/   /'
  fi
  kill "$PID"
done
