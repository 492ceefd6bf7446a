#!/usr/bin/env bash
# The CI recipe of docs/ci.md, run for real: tools/ci-recipe/leak-test.js loads the leaky service
# in-process, writes three heap snapshots with v8.writeHeapSnapshot and runs heapsnap gate on
# them; the gate must fail (exit 1) and name the leak; on the fixed service it must pass.
source "$(dirname "$0")/lib.bash"
RECIPE=$SRC/tools/ci-recipe/leak-test.js
if ! command -v node >/dev/null; then
  echo "SKIP: node is not installed; the recipe needs Node.js"
  exit 0
fi
xml_ok() { python3 -c "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])" "$1"; }

run node "$RECIPE" --heapsnap "$HEAPSNAP" --out "$TMP/leaky" -- -o text=- -o junit="$TMP/leaky.xml" -o markdown="$TMP/leaky.md"
check "leaky service: gate fails with exit 1" test "$RC" -eq 1
check "leaky service: FAIL verdict" contains "$OUT" "heapsnap gate: FAIL"
check "leaky service: names RequestContext" contains "$OUT" "RequestContext objects"
check "leaky service: names contextsByRequestId" contains "$OUT" "contextsByRequestId"
check "leaky service: three snapshots written" test -s "$TMP/leaky/3.heapsnapshot"
check "leaky service: progress on stderr" contains "$ERR" "leak-test: "
check "leaky service: junit well-formed" xml_ok "$TMP/leaky.xml"
check "leaky service: junit failure names the retainer" grep -q contextsByRequestId "$TMP/leaky.xml"
check "leaky service: markdown verdict" grep -q "❌ FAIL" "$TMP/leaky.md"
echo "--- leaky service report ---"
echo "$OUT"

run node "$RECIPE" --fixed --heapsnap "$HEAPSNAP" --out "$TMP/fixed"
check "fixed service: gate passes with exit 0" test "$RC" -eq 0
check "fixed service: PASS verdict" contains "$OUT" "heapsnap gate: PASS"
echo "--- fixed service report ---"
echo "$OUT"

run node "$RECIPE" --fixed --heapsnap "$HEAPSNAP" --out "$TMP/bad" --requests 10 -- -o junit=/nonexistent-dir/x.xml
check "recipe passes the gate's usage error on: exit 2" test "$RC" -eq 2
run node "$RECIPE" --heapsnap "$TMP/no-such-heapsnap" --out "$TMP/missing" --requests 10
check "recipe without heapsnap: exit 2" test "$RC" -eq 2
check "recipe without heapsnap: says how to fix" contains "$ERR" "set --heapsnap or \$HEAPSNAP"

finish
