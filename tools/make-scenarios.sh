#!/usr/bin/env bash
# Regenerates the real-snapshot test data: runs each leak scenario tools/scenarios/<name>.js
# with `node --expose-gc` into a temporary directory and stores its three snapshots as
# testdata/scenarios/<name>/{1,2,3}.heapsnapshot.gz (gzip -9n). map-cache-tracked is map-cache.js
# run with --track-heap-objects (allocation stacks). Safe to re-run; each run replaces the files.
# Snapshots are not bit-for-bit reproducible (ids, addresses, timings differ from run to run).
#
# usage: tools/make-scenarios.sh [NAME ...]     (default: all scenarios)
#        tools/make-scenarios.sh oom            (only testdata/oom/session-store.heapsnapshot.gz:
#        tools/scenarios/oom-session-store.js run into its heap limit; see testdata/README.md)
#        tools/make-scenarios.sh runs           (only testdata/runs: snapshots of other runs of
#        programs whose first run is elsewhere in testdata; Chromium for the page; see
#        testdata/README.md)
# Then check the manifest's claims: tools/check-scenarios.py
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/testdata/scenarios"
NODE="${NODE:-node}"
ALL=(global-array-http request-log listener-per-request timers-uncleared closure-context map-cache
     sockets-unclosed long-chain string-cache churn-slow-leak churn-only weak-cache map-cache-fixed
     map-cache-tracked listener-buffers listener-buffers-fixed duplicate-strings healthy-service)
if [ $# -gt 0 ]; then NAMES=("$@"); else NAMES=("${ALL[@]}"); fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
echo "node $("$NODE" --version)"

if [ "${NAMES[*]}" = oom ]; then
  # One snapshot, written by V8 near the heap limit; the process then dies of OOM (exit 134).
  (cd "$TMP" && "$NODE" --heapsnapshot-near-heap-limit=1 --max-old-space-size=8 \
      "$ROOT/tools/scenarios/oom-session-store.js" >/dev/null 2>&1) || true
  mkdir -p "$ROOT/testdata/oom"
  gzip -9n -c "$TMP"/Heap.*.heapsnapshot > "$ROOT/testdata/oom/session-store.heapsnapshot.gz"
  ls -l "$ROOT/testdata/oom/session-store.heapsnapshot.gz"
  exit 0
fi

if [ "${NAMES[*]}" = runs ]; then
  # A second run of map-cache.js (its first run is testdata/scenarios/map-cache): snapshot 1 only.
  (cd "$ROOT" && "$NODE" --expose-gc tools/scenarios/map-cache.js "$TMP/map-cache" >/dev/null)
  mkdir -p "$ROOT/testdata/runs/map-cache" "$ROOT/testdata/runs/widgets-page"
  gzip -9n -c "$TMP/map-cache/1.heapsnapshot" > "$ROOT/testdata/runs/map-cache/1.heapsnapshot.gz"
  # One page in three browsers, each served on its own ephemeral port: 200, 200, 1000 Widgets.
  for run in a:200 b:200 c:1000; do
    (cd "$ROOT" && "$NODE" tools/chrome/take-snapshot.js "--serve=widgets=${run#*:}" \
        tools/chrome/widget-page.js "$TMP/${run%%:*}.heapsnapshot")
    gzip -9n -c "$TMP/${run%%:*}.heapsnapshot" > "$ROOT/testdata/runs/widgets-page/${run%%:*}.heapsnapshot.gz"
  done
  ls -l "$ROOT"/testdata/runs/*/*.heapsnapshot.gz
  exit 0
fi

for name in "${NAMES[@]}"; do
  script="$name" flags=(--expose-gc)
  if [ "$name" = map-cache-tracked ]; then script=map-cache flags+=(--track-heap-objects); fi
  if [ ! -f "$ROOT/tools/scenarios/$script.js" ]; then
    echo "unknown scenario: $name" >&2
    exit 2
  fi
  echo "== $name: $NODE ${flags[*]} tools/scenarios/$script.js OUT"
  (cd "$ROOT" && "$NODE" "${flags[@]}" "tools/scenarios/$script.js" "$TMP/$name" >/dev/null)
  mkdir -p "$OUT/$name"
  for k in 1 2 3; do
    gzip -9n -c "$TMP/$name/$k.heapsnapshot" > "$OUT/$name/$k.heapsnapshot.gz.tmp"
    mv "$OUT/$name/$k.heapsnapshot.gz.tmp" "$OUT/$name/$k.heapsnapshot.gz"
    printf '   wrote %s (%s bytes, %s raw)\n' "testdata/scenarios/$name/$k.heapsnapshot.gz" \
      "$(stat -c %s "$OUT/$name/$k.heapsnapshot.gz")" "$(stat -c %s "$TMP/$name/$k.heapsnapshot")"
  done
  rm -rf "${TMP:?}/$name"
done
du -sh "$OUT"
