#!/usr/bin/env bash
# heapsnap info and the command-line conventions every command shares: help, exit codes,
# one-line errors, --json.
source "$(dirname "$0")/lib.bash"
TINY=$SRC/testdata/tiny/basic.heapsnapshot

run "$HEAPSNAP" --help
check "--help exits 0 and lists info" test "$RC" -eq 0 -a -n "$(contains "$OUT" info && echo y)"
run "$HEAPSNAP"
check "no command is a usage error (exit 2)" test "$RC" -eq 2
run "$HEAPSNAP" info
check "info without a file is a usage error" test "$RC" -eq 2
# Every command answers a command-line mistake (here an unknown flag, or first a missing
# argument) with one line naming itself, and exit 2.
for command in info top paths diff summary dominators inspect gate suspects capture record; do
  run "$HEAPSNAP" "$command" --no-such-flag
  check "$command: an unknown flag is one line" test "$RC" -eq 2 -a "$(wc -l <"$TMP/err")" -eq 1
  check "$command: the line names the command and its --help" \
    test "${ERR%%: *}" = "heapsnap $command" -a "${ERR##*; }" = "see 'heapsnap $command --help'"
done
run "$HEAPSNAP" top "$TINY" --no-such-flag
check "an unknown flag is named" \
  test "$ERR" = "heapsnap top: unknown option '--no-such-flag'; see 'heapsnap top --help'"
run "$HEAPSNAP" top "$TINY" --limit many
check "a bad number names the option and the value" \
  test "$ERR" = "heapsnap top: --limit: value 'many' is not a whole number; see 'heapsnap top --help'"
run "$HEAPSNAP" frobnicate
check "an unknown command is named" test "$ERR" = "heapsnap: unknown command 'frobnicate'; see 'heapsnap --help'"
run "$HEAPSNAP" --version
check "--version prints a version" contains "$OUT" "heapsnap 0."

run "$HEAPSNAP" info "$TINY"
check "info exits 0" test "$RC" -eq 0
check "info counts nodes" contains "$OUT" "nodes              6"
check "info counts edges" contains "$OUT" "edges              8"
check "info shows the total self size" contains "$OUT" "186 B (186 bytes)"
check "info lists node types" contains "$OUT" "object                        3"
check "no progress bar when stderr is not a TTY" test -z "$ERR"

run "$HEAPSNAP" info --json "$TINY" "$TINY.gz"
check "info --json exits 0" test "$RC" -eq 0
check "json has schema_version" test "$(json_get "$OUT" 'd["schema_version"]')" = 1
check "json node_count" test "$(json_get "$OUT" 'd["files"][0]["node_count"]')" = 6
check "json edge_count" test "$(json_get "$OUT" 'd["files"][0]["edge_count"]')" = 8
check "json string_count" test "$(json_get "$OUT" 'd["files"][0]["string_count"]')" = 13
check "json total_self_size" test "$(json_get "$OUT" 'd["files"][1]["total_self_size"]')" = 186
check "json marks gzip" test "$(json_get "$OUT" 'd["files"][1]["gzip"]')" = True
check "json object type count" \
  test "$(json_get "$OUT" '[t["count"] for t in d["files"][0]["node_types"] if t["type"]=="object"][0]')" = 3

run "$HEAPSNAP" info --timings "$TINY"
check "--timings goes to stderr" contains "$ERR" "timing: parse"

run "$HEAPSNAP" info "$SRC/testdata/malformed/to-node-out-of-range.heapsnapshot"
check "bad input exits 2" test "$RC" -eq 2
check "bad input: one line on stderr" test "$(printf '%s\n' "$ERR" | wc -l)" -eq 1
check "bad input: says what and where" contains "$ERR" "heapsnap: error: '$SRC/testdata/malformed/to-node-out-of-range.heapsnapshot': edges: edge 7 has to_node 42 (node 6), but there are 6 nodes (at byte"
check "bad input: nothing on stdout" test -z "$OUT"

# A problem no answer depends on: one warning line on stderr, the result on stdout, exit 0.
M=$SRC/testdata/malformed
run "$HEAPSNAP" info "$M/location-not-a-node.heapsnapshot"
check "tolerated problem: exit 0" test "$RC" -eq 0
check "tolerated problem: one warning line" test "$(printf '%s\n' "$ERR" | wc -l)" -eq 1
check "tolerated problem: says what, where, how many" contains "$ERR" \
  "heapsnap: warning: '$M/location-not-a-node.heapsnapshot': locations: 1 row names an object index that is not a node's start (first: 22, before byte"
check "tolerated problem: the result is printed" contains "$OUT" "nodes"
run "$HEAPSNAP" top "$M/weak-edge-name-out-of-range.heapsnapshot"
check "weak edge name: exit 0" test "$RC" -eq 0
check "weak edge name: warned" contains "$ERR" "heapsnap: warning: '$M/weak-edge-name-out-of-range.heapsnapshot': edges: 1 weak edge names a string index past"

run "$HEAPSNAP" info /nonexistent.heapsnapshot
check "missing file exits 2" test "$RC" -eq 2

run bash -c "'$HEAPSNAP' info '$TINY' | head -c 10"
check "a closed pipe is not an error" test "$RC" -eq 0 -a -z "$ERR"

finish
