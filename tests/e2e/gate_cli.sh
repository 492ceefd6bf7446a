#!/usr/bin/env bash
# heapsnap gate on the bundled scenario snapshots: verdicts and exit codes, every report format,
# outputs opened before loading, config files, a summary baseline.
source "$(dirname "$0")/lib.bash"
LEAK=$SRC/testdata/scenarios/map-cache
FIXED=$SRC/testdata/scenarios/map-cache-fixed
leak=("$LEAK/1.heapsnapshot.gz" "$LEAK/2.heapsnapshot.gz" "$LEAK/3.heapsnapshot.gz")
fixed=("$FIXED/1.heapsnapshot.gz" "$FIXED/2.heapsnapshot.gz" "$FIXED/3.heapsnapshot.gz")
xml_ok() { python3 -c "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])" "$1"; }

# --- Out of the box: fail on any leak suspect --------------------------------------------------
run "$HEAPSNAP" gate "${leak[@]}"
check "leaking series: exit 1" test "$RC" -eq 1
check "leaking series: verdict" contains "$OUT" "heapsnap gate: FAIL"
check "leaking series: names the leak" contains "$OUT" "top suspect entries of Map held by contextsByRequestId"
check "leaking series: names the class" contains "$OUT" "RequestContext objects"
check "leaking series: names the retainer" contains "$OUT" "contextsByRequestId"
check "leaking series: says it used the default rule" contains "$OUT" "no threshold given"
check "leaking series: nothing on stderr" test -z "$ERR"

run "$HEAPSNAP" gate "${fixed[@]}"
check "fixed twin: exit 0" test "$RC" -eq 0
check "fixed twin: verdict" contains "$OUT" "heapsnap gate: PASS"
check "fixed twin: no suspects" contains "$OUT" "no leak suspects"

# --- Thresholds --------------------------------------------------------------------------------
run "$HEAPSNAP" gate "${leak[@]}" --max-class-growth RequestContext=64KiB --max-class-count 'Request*=100'
check "class thresholds: exit 1" test "$RC" -eq 1
check "class thresholds: the default rule is off" test "${OUT/no leak suspects/}" = "$OUT"
check "class growth rule fails with figures" contains "$OUT" "RequestContext: retained size"
run "$HEAPSNAP" gate "${leak[@]}" --max-class-growth RequestContext=1GiB --max-growth 100%
check "generous thresholds pass the leak: exit 0" test "$RC" -eq 0
run "$HEAPSNAP" gate "${leak[@]}" --max-suspect 1GiB
check "--max-suspect over the leak's size passes" test "$RC" -eq 0
run "$HEAPSNAP" gate "${leak[@]}" --allow-suspect RequestContext
check "an allowed suspect passes" test "$RC" -eq 0
run "$HEAPSNAP" gate "${fixed[@]}" --max-growth 0.001%
check "--max-growth below the churn fails the fixed twin" test "$RC" -eq 1
check "total rule message" contains "$OUT" "total heap size"

# --- Reports ------------------------------------------------------------------------------------
run "$HEAPSNAP" gate "${leak[@]}" -o json=- -o markdown="$TMP/gate.md" -o junit="$TMP/gate.xml" -o text="$TMP/gate.txt"
check "several outputs: exit 1" test "$RC" -eq 1
check "json on stdout: schema_version" test "$(json_get "$OUT" 'd["schema_version"]')" = 1
check "json: verdict" test "$(json_get "$OUT" 'd["verdict"]')" = fail
check "json: failing rule names the group" contains "$(json_get "$OUT" '[r["group"] for r in d["rules"] if r["status"]=="fail"][0]')" contextsByRequestId
check "json: suspect path" contains "$(json_get "$OUT" 'd["suspects"][0]["retainer_path"]')" contextsByRequestId
check "junit is well-formed XML" xml_ok "$TMP/gate.xml"
check "junit has one failure" test "$(python3 -c "import sys, xml.etree.ElementTree as E; print(len(E.parse(sys.argv[1]).findall('.//failure')))" "$TMP/gate.xml")" = 1
check "junit failure carries the message" grep -q contextsByRequestId "$TMP/gate.xml"
check "markdown has the verdict" grep -q "heapsnap gate: ❌ FAIL" "$TMP/gate.md"
check "markdown has a rule table" grep -q "^| ❌ | no leak suspects |" "$TMP/gate.md"
check "text file written" grep -q "heapsnap gate: FAIL" "$TMP/gate.txt"
run "$HEAPSNAP" gate "${fixed[@]}" --json
check "--json: pass" test "$(json_get "$OUT" 'd["verdict"]')" = pass
run "$HEAPSNAP" gate "${fixed[@]}" -o junit="$TMP/pass.xml" -o md="$TMP/pass.md"
check "passing junit is well-formed XML" xml_ok "$TMP/pass.xml"
check "passing junit has no failure" test "$(grep -c '<failure' "$TMP/pass.xml")" = 0
check "only files requested: nothing on stdout" test -z "$OUT"

# --- Usage and input errors: exit 2, before any loading ------------------------------------------
run "$HEAPSNAP" gate "${leak[@]}" --timings -o junit=/nonexistent-dir/gate.xml
check "bad output path: exit 2" test "$RC" -eq 2
check "bad output path: says which" contains "$ERR" "heapsnap: error: --output 'junit=/nonexistent-dir/gate.xml': cannot open '/nonexistent-dir/gate.xml' for writing"
check "bad output path: fails before loading" test "${ERR/timing: parse/}" = "$ERR"
run "$HEAPSNAP" gate "${leak[@]}" -o yaml=x.yaml
check "unknown format: exit 2" test "$RC" -eq 2
check "unknown format: message" contains "$ERR" "unknown format 'yaml'"
run "$HEAPSNAP" gate "${leak[@]}" -o json=- --json
check "two reports on stdout: exit 2" test "$RC" -eq 2
run "$HEAPSNAP" gate "${leak[@]}" --max-growth lots
check "bad percentage: exit 2" test "$RC" -eq 2
check "bad percentage: names the flag" contains "$ERR" "--max-growth: 'lots' is not a percentage"
run "$HEAPSNAP" gate "${leak[@]}" --max-class-growth RequestContext
check "NAME=SIZE without a size: exit 2" test "$RC" -eq 2
run "$HEAPSNAP" gate "$LEAK/1.heapsnapshot.gz"
check "one snapshot only: usage error" test "$RC" -eq 2
run "$HEAPSNAP" gate "$LEAK/1.heapsnapshot.gz" /nonexistent.heapsnapshot
check "missing snapshot: exit 2" test "$RC" -eq 2
run "$HEAPSNAP" gate "$SRC/testdata/malformed/to-node-out-of-range.heapsnapshot" "${leak[1]}"
check "malformed snapshot: exit 2" test "$RC" -eq 2
run "$HEAPSNAP" gate --help
check "help: exit 0" test "$RC" -eq 0
check "help: lists the output option" contains "$OUT" "--output"

# --- Config file ------------------------------------------------------------------------------------
cat >"$TMP/gate.json" <<'EOF'
{
  "schema_version": 1,
  "max_growth": "50%",
  "classes": [{"name": "RequestContext", "max_count_growth": 100}],
  "sites": [{"name": "*map-cache.js*", "max_growth": "64KiB"}],
  "ranking": {"max_suspects": 5}
}
EOF
run "$HEAPSNAP" gate "${leak[@]}" --config "$TMP/gate.json" --json
check "config: exit 1" test "$RC" -eq 1
check "config: class count rule fails" test "$(json_get "$OUT" '[r["status"] for r in d["rules"] if r["id"]=="class-count:RequestContext"][0]')" = fail
check "config: site rule evaluated" test "$(json_get "$OUT" '[r["status"] for r in d["rules"] if r["id"].startswith("site-growth:")][0]')" = fail
run "$HEAPSNAP" gate "${fixed[@]}" --config "$TMP/gate.json"
check "config: fixed twin passes" test "$RC" -eq 0
echo '{"max_grwoth": 5}' >"$TMP/typo.json"
run "$HEAPSNAP" gate "${leak[@]}" --config "$TMP/typo.json"
check "config typo: exit 2" test "$RC" -eq 2
check "config typo: names the key" contains "$ERR" "max_grwoth: unknown key"

# --- Summary baseline ---------------------------------------------------------------------------
"$HEAPSNAP" summary --json "${leak[0]}" >"$TMP/baseline.json"
run "$HEAPSNAP" gate "$TMP/baseline.json" "${leak[2]}" --timings
check "summary baseline without an applicable rule: exit 2" test "$RC" -eq 2
check "summary baseline without an applicable rule: says why" contains "$ERR" "is a summary, and no rule given applies to it"
check "summary baseline without an applicable rule: fails before loading" test "${ERR/timing: parse/}" = "$ERR"
run "$HEAPSNAP" gate "$TMP/baseline.json" "${leak[2]}" --max-class-count RequestContext=100 --no-suspects
check "summary baseline, class rule: exit 1" test "$RC" -eq 1
check "summary baseline, class rule names the class" contains "$OUT" "RequestContext: "
check "summary baseline: says so" contains "$OUT" "the baseline is a summary"
check "summary baseline: suspect rule skipped" contains "$OUT" "SKIPPED no leak suspects"
run "$HEAPSNAP" gate "$TMP/baseline.json" "${leak[2]}" --max-growth 1000% --json
check "summary baseline, total rule: exit 0" test "$RC" -eq 0
check "summary baseline: json kind" test "$(json_get "$OUT" 'd["baseline"]["kind"]')" = summary
run "$HEAPSNAP" gate "$TMP/baseline.json" "${leak[1]}" "${leak[2]}"
check "summary baseline with two snapshots: exit 2" test "$RC" -eq 2

finish
