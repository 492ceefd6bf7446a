#!/usr/bin/env bash
# heapsnap diff on the bundled scenario snapshots: the leak is named with its retainer path and
# site, controls give no suspect, JSON is complete, mismatched processes are detected.
source "$(dirname "$0")/lib.bash"
S=$SRC/testdata/scenarios
has_line() { grep -Eq -- "$1" <<<"$OUT"; }  # has_line REGEX: a line of stdout matches
not_contains() { [[ "$1" != *"$2"* ]]; }

run "$HEAPSNAP" diff "$S"/map-cache/{1,2,3}.heapsnapshot.gz
check "diff exits 0" test "$RC" -eq 0
check "first suspect is the Map of RequestContexts, named by its pattern" contains "$(grep -m1 -A0 '^ 1\. ' <<<"$OUT")" "entries of Map held by contextsByRequestId"
check "... its class figures name RequestContext" contains "$(grep -m1 '^    objects ' <<<"$OUT")" "RequestContext"
check "counts per snapshot" contains "$OUT" "300 → 2300 → 4300"
check "path names the Map variable" contains "$OUT" "contextsByRequestId"
check "site names the script" contains "$OUT" "map-cache.js:"
check "same process detected" contains "$OUT" "objects matched by id: yes"
check "header: nodes and objects, labelled" has_line '^  #3  .*/map-cache/3.heapsnapshot.gz  heap 5.7 MiB in [0-9]+ nodes, [0-9]+ objects \(non-zero shallow size\)$'
check "header: the node count is info's" contains "$OUT" "in $("$HEAPSNAP" info --json "$S"/map-cache/3.heapsnapshot.gz | python3 -c 'import json,sys; print(json.load(sys.stdin)["files"][0]["node_count"])') nodes"
check "three snapshots: survivors worded for three" contains "$OUT" "allocated between #1 and #2, still alive in #3"

run "$HEAPSNAP" diff "$S"/map-cache/{1,3}.heapsnapshot.gz
check "two snapshots: new objects worded for two" contains "$OUT" "in #2 that were not in #1"
check "two snapshots: no 'still alive in #2'" not_contains "$OUT" "still alive in #2"

# Warnings of every snapshot of a diff, the later ones loaded on another thread too.
M=$SRC/testdata/malformed
run "$HEAPSNAP" diff "$M/location-not-a-node.heapsnapshot" "$M/weak-edge-name-out-of-range.heapsnapshot"
check "diff with tolerated problems: exit 0" test "$RC" -eq 0
check "diff: warning of #1" contains "$ERR" "'$M/location-not-a-node.heapsnapshot': locations:"
check "diff: warning of #2" contains "$ERR" "'$M/weak-edge-name-out-of-range.heapsnapshot': edges:"

for control in churn-only weak-cache map-cache-fixed; do
  run "$HEAPSNAP" diff "$S/$control"/{1,2,3}.heapsnapshot.gz
  check "$control: no suspect" contains "$OUT" "Leak suspects: none"
done

run "$HEAPSNAP" diff "$S"/long-chain/{1,2,3}.heapsnapshot.gz
check "long chain: found behind thousands of references" contains "$OUT" "previous ×"
run "$HEAPSNAP" diff "$S"/string-cache/{1,2,3}.heapsnapshot.gz
check "string cache: the Map of strings is a suspect" contains "$(grep -m1 '^ 1\. ' <<<"$OUT")" "entries of Map held by renderedByKey"
check "string cache: ... whose class figures are the strings'" contains "$(grep -m1 '^    objects ' <<<"$OUT")" "(string)"

run "$HEAPSNAP" diff --json "$S"/map-cache/{1,2,3}.heapsnapshot.gz
check "json parses with schema_version" test "$(json_get "$OUT" 'd["schema_version"]')" = 1
check "json suspect name" contains "$(json_get "$OUT" 'd["suspects"][0]["name"]')" "contextsByRequestId"
check "json suspect pattern" test "$(json_get "$OUT" 'd["suspects"][0]["pattern"].split("|")[0]')" = collections
check "json pattern series" test "$(json_get "$OUT" '[p["counts"] for p in d["patterns"] if p["key"]==d["suspects"][0]["pattern"]][0][2]')" -gt 4000
check "json suspect counts" test "$(json_get "$OUT" 'd["suspects"][0]["counts"]')" = "[300, 2300, 4300]"
check "json suspect paths" contains "$(json_get "$OUT" 'd["suspects"][0]["paths"][0]["signature"]')" "contextsByRequestId"
check "json groups present" test "$(json_get "$OUT" 'len(d["groups"]) > 0')" = True

run "$HEAPSNAP" diff "$S"/map-cache/1.heapsnapshot.gz "$S"/request-log/3.heapsnapshot.gz
check "two processes: compares by group and says so" contains "$OUT" "do not look like one process"
check "two processes: ids not matched" contains "$OUT" "objects matched by id: no"
check "two processes: still exits 0" test "$RC" -eq 0

run "$HEAPSNAP" diff "$S"/map-cache/1.heapsnapshot.gz
check "one snapshot is a usage error" test "$RC" -eq 2
run "$HEAPSNAP" diff "$S"/map-cache/1.heapsnapshot.gz "$SRC/testdata/malformed/to-node-out-of-range.heapsnapshot"
check "bad input: exit 2 with one line" test "$RC" -eq 2 -a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1

finish
