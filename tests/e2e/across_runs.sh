#!/usr/bin/env bash
# Snapshots of two runs of one program (testdata/runs, testdata/README.md): diff and gate compare
# classes in their run-independent form (analysis/portable_class_name.h), so the same code gives
# no false regression, while a leak that is bigger in one run than in the other is still found.
# Snapshots of one process keep DevTools' exact class keys.
source "$(dirname "$0")/lib.bash"
RUN1=$SRC/testdata/scenarios/map-cache  # map-cache.js, first run: 300 / 2300 / 4300 leaked
RUN2=$SRC/testdata/runs/map-cache       # map-cache.js, second run (another checkout): 300 leaked
PAGE=$SRC/testdata/runs/widgets-page    # one page in three browsers: 200, 200, 1000 Widgets

# The pairs are worth testing: their DevTools class keys differ although the code is the same.
keys() { "$HEAPSNAP" summary --json "$1" | python3 -c "import json,sys; print('\n'.join(sorted(c['key'] for c in json.load(sys.stdin)['constructors'])))"; }
portable_keys() { "$HEAPSNAP" summary --json "$1" | python3 -c "import json,sys; print('\n'.join(sorted(set(c['portable_key'] for c in json.load(sys.stdin)['constructors']))))"; }
page_a_keys=$(keys "$PAGE/a.heapsnapshot.gz")
page_b_keys=$(keys "$PAGE/b.heapsnapshot.gz")
check "page runs: exact keys differ (origin ports)" test "$page_a_keys" != "$page_b_keys"
check "page runs: exact keys name the port" contains "$page_a_keys" ",Window / http://127.0.0.1:"
check "page runs: portable keys are the same" \
  test "$(portable_keys "$PAGE/a.heapsnapshot.gz")" = "$(portable_keys "$PAGE/b.heapsnapshot.gz")"

# --- diff across runs --------------------------------------------------------------------------
# counts_differ JSON: groups whose count differs between the first and last snapshot.
counts_differ() { json_get "$1" "sum(1 for g in d['groups'] if g['counts'][0] != g['counts'][-1])"; }
new_or_gone() { json_get "$1" "sum(1 for g in d['groups'] if (g['counts'][0] == 0) != (g['counts'][-1] == 0))"; }

run "$HEAPSNAP" diff "$PAGE/a.heapsnapshot.gz" "$PAGE/b.heapsnapshot.gz" --json -n 0
check "page a→b: exit 0" test "$RC" -eq 0
check "page a→b: not one process" test "$(json_get "$OUT" "d['ids_comparable']")" = False
check "page a→b: detected by itself" contains "$OUT" "do not look like one process"
check "page a→b: says names are compared run-independently" contains "$OUT" "run-independent form"
check "page a→b: no class count differs" test "$(counts_differ "$OUT")" -eq 0
check "page a→b: no suspects" test "$(json_get "$OUT" "len(d['suspects'])")" -eq 0
# (Rows without change are left out of the JSON, so these look for rows that should not be there.)
check "page a→b: no row names a port" \
  test "$(json_get "$OUT" "sum(1 for g in d['groups'] if __import__('re').search(r'127.0.0.1:[0-9]', g['key']))")" -eq 0

run "$HEAPSNAP" diff "$PAGE/a.heapsnapshot.gz" "$PAGE/c.heapsnapshot.gz" --json -n 0
check "page a→c: the Widget leak is the top suspect" test "$(json_get "$OUT" "d['suspects'][0]['name']")" = Widget
check "page a→c: 200 → 1000 Widgets" \
  test "$(json_get "$OUT" "d['suspects'][0]['counts']")" = "[200, 1000]"
check "page a→c: scope contexts are one class" \
  test "$(json_get "$OUT" "[g['counts'] for g in d['groups'] if g['name'] == 'system / Context / scope']")" = "[[243, 1043]]"

run "$HEAPSNAP" diff "$RUN1/1.heapsnapshot.gz" "$RUN2/1.heapsnapshot.gz" --json -n 0
check "node runs: no suspects" test "$(json_get "$OUT" "len(d['suspects'])")" -eq 0
check "node runs: no RequestContext row (300 in both)" \
  test "$(json_get "$OUT" "[g['counts'] for g in d['groups'] if g['name'] == 'RequestContext']")" = "[]"
check "node runs: no site names the checkout's path" \
  test "$(json_get "$OUT" "sum(1 for s in d['sites'] if '/tools/scenarios/' in s['key'])")" -eq 0
# What is left: plain objects whose inferred interface forms in one run only (docs/commands.md).
check "node runs: at most 2 classes new or gone" test "$(new_or_gone "$OUT")" -le 2

run "$HEAPSNAP" diff "$RUN2/1.heapsnapshot.gz" "$RUN1/3.heapsnapshot.gz" --no-suspects --json
check "node runs, bigger leak: RequestContext 300 → 4300" \
  test "$(json_get "$OUT" "[g['counts'] for g in d['groups'] if g['name'] == 'RequestContext']")" = "[[300, 4300]]"

# Forced: --across-runs on snapshots of one process.
run "$HEAPSNAP" diff "$RUN1/1.heapsnapshot.gz" "$RUN1/2.heapsnapshot.gz" --json --no-suspects --across-runs
check "--across-runs: ids not matched" test "$(json_get "$OUT" "d['ids_comparable']")" = False
check "--across-runs: said so" contains "$OUT" "snapshots of different runs"
check "--across-runs: portable class keys" \
  test "$(json_get "$OUT" "[g['key'] for g in d['groups'] if g['name'] == 'RequestContext']")" = "['map-cache.js,8,13,RequestContext']"
run "$HEAPSNAP" diff "$RUN1/1.heapsnapshot.gz" "$RUN1/2.heapsnapshot.gz" --json --no-suspects
check "one process: ids matched" test "$(json_get "$OUT" "d['ids_comparable']")" = True
check "one process: DevTools' exact class keys" \
  test "$(json_get "$OUT" "[g['key'].endswith(',8,13,RequestContext') and not g['key'].startswith('map-cache') for g in d['groups'] if g['name'] == 'RequestContext']")" = "[True]"

# --- gate across runs --------------------------------------------------------------------------
run "$HEAPSNAP" gate "$RUN1/1.heapsnapshot.gz" "$RUN2/1.heapsnapshot.gz" --max-class-count '*=8' \
  --max-class-growth '*=8KiB' --max-growth 1%
check "gate, node runs, same load: pass" test "$RC" -eq 0
run "$HEAPSNAP" gate "$RUN2/1.heapsnapshot.gz" "$RUN1/3.heapsnapshot.gz"
check "gate, node runs, bigger leak: fail" test "$RC" -eq 1
check "gate, node runs, bigger leak: names RequestContext" contains "$OUT" "RequestContext objects"
run "$HEAPSNAP" gate "$PAGE/a.heapsnapshot.gz" "$PAGE/b.heapsnapshot.gz" --max-class-count '*=0'
check "gate, page runs, same page: pass with no object more in any class" test "$RC" -eq 0

# Summary baselines: always compared run-independently.
"$HEAPSNAP" summary --json "$PAGE/a.heapsnapshot.gz" >"$TMP/page-a.json"
check "summary rows carry a portable key" contains "$(cat "$TMP/page-a.json")" '"portable_key": ",Window / http://127.0.0.1:*"'
run "$HEAPSNAP" gate "$TMP/page-a.json" "$PAGE/b.heapsnapshot.gz" --max-class-count '*=0' --max-class-growth '*=0'
check "gate, page summary → other run: pass" test "$RC" -eq 0
check "gate, page summary → other run: nothing paired by name" test "${OUT/paired with the baseline/}" = "$OUT"
run "$HEAPSNAP" gate "$TMP/page-a.json" "$PAGE/c.heapsnapshot.gz" --max-class-count 'Widget=100'
check "gate, page summary → bigger run: fail" test "$RC" -eq 1
check "gate, page summary → bigger run: Widget figures" contains "$OUT" "Widget: 200 → 1000 objects"

"$HEAPSNAP" summary --json "$RUN1/1.heapsnapshot.gz" >"$TMP/run1.json"
run "$HEAPSNAP" gate "$TMP/run1.json" "$RUN2/1.heapsnapshot.gz" --max-class-count '*=8' --max-class-growth '*=8KiB'
check "gate, node summary → other run: pass" test "$RC" -eq 0
check "gate, node summary → other run: nothing paired by name" test "${OUT/paired with the baseline/}" = "$OUT"
run "$HEAPSNAP" gate "$TMP/run1.json" "$RUN1/3.heapsnapshot.gz" --max-class-count 'RequestContext=100'
check "gate, node summary → leak: fail" test "$RC" -eq 1

# A summary written before summaries had portable keys still reads; its script ids cannot be
# resolved, so constructors split by location pair by name.
python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
for c in d['constructors']: del c['portable_key']
json.dump(d, open(sys.argv[2], 'w'))" "$TMP/run1.json" "$TMP/run1-old.json"
# (Two Server classes, of http and net, cannot be paired by name: no '*' growth rule here.)
run "$HEAPSNAP" gate "$TMP/run1-old.json" "$RUN2/1.heapsnapshot.gz" --max-class-count 'RequestContext=8' --max-growth 1%
check "gate, old node summary → other run: pass" test "$RC" -eq 0
check "gate, old node summary: pairs by name" contains "$OUT" "paired with the baseline's by name"
run "$HEAPSNAP" gate "$TMP/run1-old.json" "$RUN1/3.heapsnapshot.gz" --max-class-count 'RequestContext=100'
check "gate, old node summary → leak: fail" test "$RC" -eq 1
finish
