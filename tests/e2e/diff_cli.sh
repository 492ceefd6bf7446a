#!/usr/bin/env bash
# heapsnap diff on the bundled scenario snapshots: the leak is named with its retainer path and
# site, controls give no suspect, JSON is complete, mismatched processes are detected.
source "$(dirname "$0")/lib.bash"
S=$SRC/testdata/scenarios

run "$HEAPSNAP" diff "$S"/map-cache/{1,2,3}.heapsnapshot.gz
check "diff exits 0" test "$RC" -eq 0
check "first suspect is RequestContext" contains "$(grep -m1 -A0 '^ 1\. ' <<<"$OUT")" "RequestContext"
check "counts per snapshot" contains "$OUT" "300 → 2300 → 4300"
check "path names the Map variable" contains "$OUT" "contextsByRequestId"
check "site names the script" contains "$OUT" "map-cache.js:"
check "same process detected" contains "$OUT" "objects matched by id: yes"

for control in churn-only weak-cache map-cache-fixed; do
  run "$HEAPSNAP" diff "$S/$control"/{1,2,3}.heapsnapshot.gz
  check "$control: no suspect" contains "$OUT" "Leak suspects: none"
done

run "$HEAPSNAP" diff "$S"/long-chain/{1,2,3}.heapsnapshot.gz
check "long chain: found behind thousands of references" contains "$OUT" "previous ×"
run "$HEAPSNAP" diff "$S"/string-cache/{1,2,3}.heapsnapshot.gz
check "string cache: strings are a suspect" contains "$(grep -m1 '^ 1\. ' <<<"$OUT")" "(string)"

run "$HEAPSNAP" diff --json "$S"/map-cache/{1,2,3}.heapsnapshot.gz
check "json parses with schema_version" test "$(json_get "$OUT" 'd["schema_version"]')" = 1
check "json suspect name" test "$(json_get "$OUT" 'd["suspects"][0]["name"]')" = RequestContext
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
