#!/usr/bin/env bash
# Rewrites the expected outputs of the golden cases (tests/golden/README.md) from the heapsnap
# binary in BUILD_DIR, then runs every case again and compares, so an output that is not the same
# from one run to the next is caught here. Read `git diff tests/golden` afterwards: every change
# in it is a change in what heapsnap prints.
#
#   tools/update-goldens.sh BUILD_DIR [CASE...]     (default: every tests/golden/*.cmd)
set -uo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 BUILD_DIR [CASE...]" >&2
  exit 2
fi
HEAPSNAP=$(realpath "$1")/heapsnap
SRC=$(cd "$(dirname "$0")/.." && pwd)
RUN=$SRC/tests/golden/run-case.sh
shift
if [ ! -x "$HEAPSNAP" ]; then
  echo "update-goldens: no heapsnap binary at $HEAPSNAP (build it first)" >&2
  exit 2
fi

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for cmd in "$SRC"/tests/golden/*.cmd; do
    name=$(basename "$cmd")
    cases+=("${name%.cmd}")
  done
fi

status=0
for name in "${cases[@]}"; do
  bash "$RUN" --update "$HEAPSNAP" "$SRC" "$name" || { status=1; continue; }
  # Second run, compared with the first: outputs must not depend on the run.
  if ! bash "$RUN" "$HEAPSNAP" "$SRC" "$name" >/dev/null; then
    echo "update-goldens: $name: the second run differs from the first (not deterministic)" >&2
    status=1
  fi
done
if [ "$status" -eq 0 ]; then
  echo "update-goldens: ${#cases[@]} case(s) written; now read: git diff tests/golden"
fi
exit "$status"
