#!/usr/bin/env bash
# heapsnap summary, dominators and inspect on the hand-written tiny snapshot (answers worked out
# by hand from testdata/tiny/basic.heapsnapshot) and on a real Node 20 snapshot of the map-cache
# leak (RequestContext objects kept in a Map).
#
# The tiny heap: root -> Window @5 (40 B); Window -> Cache @7 (100 B) "cache", Item @9 (30 B) "a",
# weak -> string @11 (16 B); Cache -> Item "items", string "[0]". Window dominates Cache and Item,
# Cache the string (the weak edge does not count): retained 186 / 116 / 30 / 16.
source "$(dirname "$0")/lib.bash"
TINY=$SRC/testdata/tiny/basic.heapsnapshot
LEAK=$SRC/testdata/scenarios/map-cache/3.heapsnapshot.gz
TRACKED=$SRC/testdata/scenarios/map-cache-tracked/3.heapsnapshot.gz

has_line() { grep -Eq -- "$1" <<<"$OUT"; }             # has_line REGEX: a line of stdout matches
line_of() { grep -En -- "$1" <<<"$OUT" | head -1 | cut -d: -f1; }  # first matching line number
# Exit 2, nothing on stdout, one "heapsnap: error: ..." line on stderr.
one_line_error() {
  test "$RC" -eq 2 -a -z "$OUT" -a "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 && [[ "$ERR" == "heapsnap: error: "* ]]
}

# --- summary ---------------------------------------------------------------------------------
run "$HEAPSNAP" summary "$TINY"
check "summary exits 0" test "$RC" -eq 0
check "summary: Window row (count, distance, self, retained)" has_line '^Window +1 +1 +40 B +186 B +100\.0%$'
check "summary: Cache row" has_line '^Cache +1 +2 +100 B +116 B +62\.4%$'
check "summary: Item row" has_line '^Item +1 +2 +30 B +30 B +16\.1%$'
check "summary: the string row" has_line '^\(string\) +1 +3 +16 B +16 B +8\.6%$'
check "summary: rows by retained size" test "$(line_of '^Window')" -lt "$(line_of '^Cache')" -a \
  "$(line_of '^Cache')" -lt "$(line_of '^Item')"
check "summary: statistics strings" has_line '^Strings +16 B +8\.6%$'
check "summary: statistics other JS objects" has_line '^Other JS objects +170 B +91\.4%$'
check "summary: statistics total" has_line '^Total +186 B +100\.0%$'
check "summary: header" has_line ': 186 B in 6 objects, 4 constructors$'

run "$HEAPSNAP" summary "$TINY" -n 2
check "summary -n 2 folds the tail (2 classes, 2 objects, 46 B)" has_line '^\[2 others\] +2 +46 B$'
check "summary -n 2 hides Item" test -z "$(line_of '^Item')"

run "$HEAPSNAP" summary --json -n 1 "$TINY"
check "summary --json exits 0" test "$RC" -eq 0
check "summary json schema_version" test "$(json_get "$OUT" 'd["schema_version"]')" = 1
check "summary json kind" test "$(json_get "$OUT" 'd["kind"]')" = heapsnap-summary
check "summary json: -n does not limit the rows" test "$(json_get "$OUT" 'len(d["constructors"])')" = 4
check "summary json: total and node count" test "$(json_get "$OUT" '(d["total_size"], d["node_count"])')" = "(186, 6)"
check "summary json: Window row" test "$(json_get "$OUT" \
  '[(c["key"], c["count"], c["self_size"], c["retained_size"], c["distance"]) for c in d["constructors"] if c["name"]=="Window"]')" \
  = "[(',Window', 1, 40, 186, 1)]"
check "summary json: Cache is keyed by its location" \
  test "$(json_get "$OUT" '[c["key"] for c in d["constructors"] if c["name"]=="Cache"]')" = "['3,10,4,Cache']"
check "summary json: statistics" test "$(json_get "$OUT" \
  '[d["statistics"][k] for k in ("total","code","strings","js_arrays","typed_arrays","system","other_js_objects","other_non_js_objects")]')" \
  = "[186, 0, 16, 0, 0, 0, 170, 0]"

run "$HEAPSNAP" summary --json "$LEAK"
check "summary json on a real snapshot exits 0" test "$RC" -eq 0
check "summary json: the leaking constructor (as DevTools counts it)" test "$(json_get "$OUT" \
  '[(c["count"], c["retained_size"]) for c in d["constructors"] if c["name"]=="RequestContext"]')" = "[(4300, 986168)]"
check "summary json: statistics as DevTools computes them" test "$(json_get "$OUT" \
  '[d["statistics"][k] for k in ("total","code","strings","js_arrays","typed_arrays","system","v8heap_total","native_total")]')" \
  = "[5947071, 2162104, 753768, 184744, 10614, 109808, 5860536, 86535]"
check "summary json: the statistics categories add up to the total" test "$(json_get "$OUT" \
  'sum(d["statistics"][k] for k in ("code","strings","js_arrays","typed_arrays","system","other_js_objects","other_non_js_objects")) == d["total_size"]')" = True
check "summary json: class keys are unique" test "$(json_get "$OUT" \
  'len(set(c["key"] for c in d["constructors"])) == len(d["constructors"]) > 100')" = True
check "summary json: sorted by retained size" test "$(json_get "$OUT" \
  'all(a["retained_size"] >= b["retained_size"] for a, b in zip(d["constructors"], d["constructors"][1:]))')" = True

# --- dominators ------------------------------------------------------------------------------
run "$HEAPSNAP" dominators "$TINY"
check "dominators exits 0" test "$RC" -eq 0
check "dominators: the root first" has_line '^\(root\) @1 +186 B +0 B +100\.0% +2$'
check "dominators: Window under the root" has_line '^├─ Window @5 +186 B +40 B +100\.0% +2$'
check "dominators: Cache under Window" has_line '^│  ├─ Cache @7 +116 B +100 B +62\.4% +1$'
check "dominators: the string under Cache (the weak edge does not count)" has_line '^│  │  └─ hello.* @11 +16 B +16 B'
check "dominators: Item last under Window" has_line '^│  └─ Item @9 +30 B +30 B +16\.1% +0$'
check "dominators: biggest child first" test "$(line_of 'Cache @7')" -lt "$(line_of 'Item @9')"
check "dominators: (GC roots), 0 B, folded under the 1% default" has_line '^└─ \[1 smaller, mostly \(synthetic\) ×1\] +0 B +0 B'

run "$HEAPSNAP" dominators "$TINY" --depth 1
check "dominators --depth 1 stops below Window" test -n "$(line_of 'Window @5')" -a -z "$(line_of 'Cache @7')"

run "$HEAPSNAP" dominators "$TINY" --id @7
check "dominators --id starts at the object" has_line '^Cache @7 +116 B +100 B +62\.4% +1$'
check "dominators --id: its child" has_line '^└─ hello.* @11 +16 B'
check "dominators --id: nothing above it" test -z "$(line_of 'Window')"

run "$HEAPSNAP" dominators "$TINY" --min-size 50B
check "dominators --min-size 50B folds Item (30 B) under Window" has_line '^│  └─ \[1 smaller, mostly Item ×1\] +30 B +30 B'
check "dominators --min-size 50B keeps Cache" has_line '^│  ├─ Cache @7 +116 B'
check "dominators --min-size: the header says so" has_line 'children under 50 B folded'

run "$HEAPSNAP" dominators "$TINY" --min-size 10parsecs
check "dominators --min-size with a bad unit: one-line error, exit 2" one_line_error
run "$HEAPSNAP" dominators "$TINY" --min-size 120%
check "dominators --min-size over 100%: one-line error, exit 2" one_line_error

run "$HEAPSNAP" dominators --json "$TINY" --min-size 0
check "dominators --json exits 0" test "$RC" -eq 0
check "dominators json schema_version" test "$(json_get "$OUT" 'd["schema_version"]')" = 1
check "dominators json: the start object first" test "$(json_get "$OUT" \
  '[d["objects"][0][k] for k in ("id", "parent_id", "depth", "name", "retained_size")]')" = "[1, None, 0, '(root)', 186]"
check "dominators json: preorder, biggest first, with parents" test "$(json_get "$OUT" \
  '[(o["id"], o["parent_id"], o["depth"], o["retained_size"]) for o in d["objects"]]')" \
  = "[(1, None, 0, 186), (5, 1, 1, 186), (7, 5, 2, 116), (11, 7, 3, 16), (9, 5, 2, 30), (3, 1, 1, 0)]"
# Dominator subtrees are disjoint: an expanded object's children and folded rest add up to its
# retained size minus its own.
ADDS_UP='all(sum(c["retained_size"] for c in d["objects"] if c["parent_id"] == o["id"]) + o["smaller"]["retained_size"] == o["retained_size"] - o["self_size"] for o in d["objects"] if o["expanded"]) and len(d["objects"]) > 1'
check "dominators json: children add up to the parent (tiny)" test "$(json_get "$OUT" "$ADDS_UP")" = True

run "$HEAPSNAP" dominators --json "$LEAK" --depth 3
check "dominators json: children add up to the parent (real snapshot)" test "$(json_get "$OUT" "$ADDS_UP")" = True
check "dominators json: the root's retained size is the heap" test "$(json_get "$OUT" 'd["objects"][0]["retained_size"] == d["total_size"] == 5947071')" = True
check "dominators json: what the root folds" test "$(json_get "$OUT" 'd["objects"][0]["smaller"]["count"] > 9000')" = True

# A chain thousands of objects deep: no recursion, output linear in size, names still visible.
run "$HEAPSNAP" dominators --json "$SRC/testdata/scenarios/long-chain/3.heapsnapshot.gz" --id @6175 --depth 100000 --min-size 10%
check "dominators json: a deep chain (over 3000 levels)" test "$(json_get "$OUT" 'max(o["depth"] for o in d["objects"]) > 3000')" = True
check "dominators json: a deep chain stays small" test "${#OUT}" -lt 20000000
run "$HEAPSNAP" dominators "$SRC/testdata/scenarios/long-chain/3.heapsnapshot.gz" --id @6175 --depth 100000 --min-size 10%
check "dominators: deep lines show their depth and name" has_line '^\(depth [0-9]{4}\) ( {3}|│  ){6}[├└]─ [^ ].* @[0-9]+ '

run "$HEAPSNAP" dominators "$LEAK" --id @92057 --depth 2
check "dominators on the leak: the Map's table holds the RequestContexts" \
  has_line '^   └─ \[4301 smaller, mostly RequestContext ×4300\] +964\.2 KiB'

run "$HEAPSNAP" dominators "$TINY" --id @99
check "dominators --id unknown: one-line error, exit 2" one_line_error

# --- inspect ---------------------------------------------------------------------------------
run "$HEAPSNAP" inspect "$TINY" --id @7
check "inspect exits 0" test "$RC" -eq 0
check "inspect: title" has_line 'basic\.heapsnapshot: Cache @7$'
check "inspect: retained size" has_line '^  retained size +116 B \(62\.4% of heap\)$'
check "inspect: self size" has_line '^  self size +100 B$'
check "inspect: distance" has_line '^  distance +2$'
check "inspect: dominator" has_line '^  dominator +Window @5$'
check "inspect: location, 1-based" has_line '^  location +script#3:11:5$'
check "inspect: edge items" has_line '^  property +items +Item @9 +30 B'
check "inspect: edge [0]" has_line '^  element +\[0\] +hello.* @11 +16 B'
check "inspect: edges in snapshot order" test "$(line_of 'items ')" -lt "$(line_of '\[0\]')"
check "inspect: retainer cache from Window" has_line '^  property +cache +Window @5 +186 B'
check "inspect: counts" test -n "$(line_of '^edges \(2\):$')" -a -n "$(line_of '^retainers \(1\):$')"

run "$HEAPSNAP" inspect "$TINY" --id 7 -n 1
check "inspect --id without @ works" has_line 'Cache @7$'
check "inspect -n 1 counts the rest" has_line '^  \[1 more\]$'
check "inspect -n 1 shows the first edge only" test -n "$(line_of 'items ')" -a -z "$(line_of '\[0\]')"

run "$HEAPSNAP" inspect "$TINY" --id @9
check "inspect: Item's retainers, closest to a root first" test "$(line_of 'a +Window @5')" -lt "$(line_of 'items +Cache @7')"

run "$HEAPSNAP" inspect "$TINY" --id @1
check "inspect the root: no dominator" has_line '^  dominator +none \(the root\)$'

run "$HEAPSNAP" inspect --json "$TINY" --id @7
check "inspect --json exits 0" test "$RC" -eq 0
check "inspect json schema_version" test "$(json_get "$OUT" 'd["schema_version"]')" = 1
check "inspect json: object" test "$(json_get "$OUT" \
  '[d["object"][k] for k in ("id","name","type","class_key","self_size","raw_self_size","retained_size","distance")]')" \
  = "[7, 'Cache', 'object', '3,10,4,Cache', 100, 100, 116, 2]"
check "inspect json: dominator and location" test "$(json_get "$OUT" \
  '(d["object"]["dominator"]["id"], d["object"]["location"]["line"], d["object"]["location"]["column"])')" = "(5, 11, 5)"
check "inspect json: edges" test "$(json_get "$OUT" \
  '[(e["edge_type"], e["edge_name"], e["id"], e["retained_size"]) for e in d["edges"]["shown"]]')" \
  = "[('property', 'items', 9, 30), ('element', '[0]', 11, 16)]"
check "inspect json: retainers" test "$(json_get "$OUT" \
  '[(e["edge_type"], e["edge_name"], e["id"], e["name"]) for e in d["retainers"]["shown"]] + [d["retainers"]["total"]]')" \
  = "[('property', 'cache', 5, 'Window'), 1]"

run "$HEAPSNAP" inspect "$TINY" --id @99
check "inspect --id unknown: one-line error, exit 2" one_line_error
check "inspect --id unknown: says which id" contains "$ERR" "no object with id @99"
run "$HEAPSNAP" inspect "$TINY" --id seven
check "inspect --id not a number: one-line error, exit 2" one_line_error
run "$HEAPSNAP" inspect "$TINY"
check "inspect without --id is a usage error" test "$RC" -eq 2

run "$HEAPSNAP" inspect "$LEAK" --id @92057
check "inspect on the leak: the Map is held by contextsByRequestId" \
  has_line '^  context +contextsByRequestId +system / Context @88081'
check "inspect on the leak: shallow size includes the table" \
  has_line '^  self size +224\.1 KiB \(the snapshot.s own: 32 B\)$'

run "$HEAPSNAP" inspect "$LEAK" --id @86859
check "inspect on the leak: a RequestContext's constructor, script name resolved" \
  has_line '^  location +/.*/map-cache\.js:9:14$'

run "$HEAPSNAP" inspect "$TRACKED" --id @69229
check "inspect with allocation tracking: the allocating function" \
  has_line '^  allocated at +handleRequest \(.*map-cache\.js:22:23\)$'

run bash -c "'$HEAPSNAP' summary '$LEAK' | head -c 10"
check "summary: a closed pipe is not an error" test "$RC" -eq 0 -a -z "$ERR"

finish
