#!/usr/bin/env bash
# Runs one golden case (tests/golden/README.md) and compares what heapsnap printed with the files
# kept beside the case, or with --update writes those files from this run.
#
#   run-case.sh [--update] HEAPSNAP SRC CASE
#
# HEAPSNAP is the binary, SRC the repository root (the command runs there, so the paths in
# CASE.cmd and in the outputs are relative to it), CASE the name of tests/golden/CASE.cmd.
set -uo pipefail

update=0
if [ "${1:-}" = --update ]; then
  update=1
  shift
fi
if [ $# -ne 3 ]; then
  echo "usage: $0 [--update] HEAPSNAP SRC CASE" >&2
  exit 2
fi
HEAPSNAP=$(realpath "$1")
SRC=$2
CASE=$3
cd "$SRC" || exit 2
DIR=tests/golden
if [[ ! "$CASE" =~ ^[a-z0-9][a-z0-9-]*$ ]]; then
  echo "golden: case name '$CASE': only a-z, 0-9 and '-' (the name is a file-name prefix)" >&2
  exit 2
fi
if [ ! -f "$DIR/$CASE.cmd" ]; then
  echo "golden: no $DIR/$CASE.cmd" >&2
  exit 2
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FILES=$TMP/files  # what @TMP@ stands for in CASE.cmd: output files the command writes
mkdir "$FILES" "$TMP/actual"

# The command line: one line of arguments separated by spaces (no quoting, no globbing; an empty
# line runs heapsnap without arguments).
IFS= read -r cmdline <"$DIR/$CASE.cmd"
read -ra args <<<"${cmdline//@TMP@/$FILES}"

"$HEAPSNAP" "${args[@]}" >"$TMP/actual/out" 2>"$TMP/actual/err" </dev/null
rc=$?

# The temporary directory's name is the one thing that changes from run to run: show it as @TMP@
# wherever heapsnap printed it (error messages naming an output file).
unmask() { sed -i "s|${FILES//./\\.}|@TMP@|g" "$1"; }
unmask "$TMP/actual/out"
unmask "$TMP/actual/err"

written=()  # the files the command wrote under @TMP@, by name
for f in "$FILES"/*; do
  [ -e "$f" ] || continue
  if [ ! -f "$f" ]; then
    echo "golden: $CASE wrote $(basename "$f") under @TMP@, which is not a regular file" >&2
    exit 2
  fi
  unmask "$f"
  written+=("$(basename "$f")")
done

if [ "$update" = 1 ]; then
  cp "$TMP/actual/out" "$DIR/$CASE.out"
  if [ -s "$TMP/actual/err" ]; then cp "$TMP/actual/err" "$DIR/$CASE.err"; else rm -f "$DIR/$CASE.err"; fi
  if [ "$rc" -ne 0 ]; then echo "$rc" >"$DIR/$CASE.exit"; else rm -f "$DIR/$CASE.exit"; fi
  rm -f "$DIR/$CASE".file.*
  for name in "${written[@]}"; do cp "$FILES/$name" "$DIR/$CASE.file.$name"; done
  echo "golden.$CASE: written (exit $rc)"
  exit 0
fi

failures=0
fail() {
  echo "FAIL: golden.$CASE: $1" >&2
  failures=$((failures + 1))
}
# same EXPECTED ACTUAL WHAT: the whole files are equal, else the unified diff is printed.
same() {
  if ! diff -u --label "expected $3 ($1)" --label "actual $3" "$1" "$2"; then
    fail "$3 differs from $1 (diff above; tools/update-goldens.sh rewrites it)"
  fi
}

expected_rc=0
[ -f "$DIR/$CASE.exit" ] && expected_rc=$(<"$DIR/$CASE.exit")
[ "$rc" = "$expected_rc" ] || fail "exit code $rc, expected $expected_rc"

if [ -f "$DIR/$CASE.out" ]; then
  same "$DIR/$CASE.out" "$TMP/actual/out" stdout
else
  fail "no $DIR/$CASE.out (run tools/update-goldens.sh)"
fi
if [ -f "$DIR/$CASE.err" ]; then
  same "$DIR/$CASE.err" "$TMP/actual/err" stderr
else
  same /dev/null "$TMP/actual/err" stderr
fi

for name in "${written[@]}"; do
  if [ -f "$DIR/$CASE.file.$name" ]; then
    same "$DIR/$CASE.file.$name" "$FILES/$name" "@TMP@/$name"
  else
    fail "wrote @TMP@/$name, which has no $DIR/$CASE.file.$name"
  fi
done
for expected in "$DIR/$CASE".file.*; do
  [ -e "$expected" ] || continue
  name=${expected#"$DIR/$CASE.file."}
  [ -f "$FILES/$name" ] || fail "did not write @TMP@/$name ($expected)"
done

if [ "$failures" -ne 0 ]; then
  echo "golden.$CASE: $failures failure(s); command: heapsnap $cmdline" >&2
  exit 1
fi
echo "golden.$CASE: ok (exit $rc)"
