# Helpers for the end-to-end tests (tests/e2e/*.sh): source this file. $HEAPSNAP is the binary, $SRC the project.
set -uo pipefail
HEAPSNAP=$1
SRC=$2
FAILURES=0
CHECKS=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# run CMD...: runs a command, keeping stdout in $OUT, stderr in $ERR and the exit code in $RC.
run() {
  "$@" >"$TMP/out" 2>"$TMP/err"
  RC=$?
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
}
check() {  # check DESCRIPTION CONDITION...
  local what=$1
  shift
  CHECKS=$((CHECKS + 1))
  if ! "$@"; then
    echo "FAIL: $what" >&2
    echo "  rc=$RC stdout: ${OUT:0:600}" >&2
    echo "  stderr: ${ERR:0:600}" >&2
    FAILURES=$((FAILURES + 1))
  fi
}
contains() { [[ "$1" == *"$2"* ]]; }
# json_get JSON PYTHON_EXPR: evaluates EXPR with the parsed document bound to d.
json_get() { python3 -c "import json,sys; d=json.loads(sys.stdin.read()); print($2)" <<<"$1"; }
finish() {
  echo "$((CHECKS - FAILURES)) passed, $FAILURES failed"
  [ "$FAILURES" -eq 0 ]
}
