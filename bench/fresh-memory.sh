#!/usr/bin/env bash
# What first-touching fresh memory costs on this machine: a C program maps N MB, optionally
# advises MADV_HUGEPAGE, and writes one byte per 4 KiB page (the kernel zeroes each page on the
# first write). Run back to back ("warm": the pages the previous run freed are reused at once)
# and after a pause ("cold"). On the VMs this project is measured on, memory freed for a few
# seconds is handed back to the host, and touching it again costs several times more; every
# heapsnap command writes ~1.2 GB of fresh arrays per 1.7 GB of snapshot, so this sets a floor
# under its wall time that no change to heapsnap removes.
#
#   bench/fresh-memory.sh [MB] [PAUSE_SECONDS]     (defaults: 1300 MB, 8 s)
set -euo pipefail
MB=${1:-1300}
PAUSE=${2:-8}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
cat >"$DIR/touch.c" <<'C'
#include <stdlib.h>
#include <sys/mman.h>
int main(int argc, char** argv) {
  size_t n = (size_t)atol(argv[1]) << 20;
  char* p = mmap(0, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 1;
  if (argc > 2) madvise(p, n, MADV_HUGEPAGE);
  for (size_t i = 0; i < n; i += 4096) p[i] = 1;
  return p[4096] == 1 ? 0 : 1;
}
C
cc -O2 -o "$DIR/touch" "$DIR/touch.c"
run() {  # run LABEL ARGS...
  /usr/bin/time -f "$1: %e s wall, %S s system" "$DIR/touch" "$MB" "${@:2}"
}
echo "touching $MB MB; 'cold' runs follow a ${PAUSE} s pause"
for pages in 4k huge; do
  extra=(); [ "$pages" = huge ] && extra=(huge)
  for i in 1 2 3; do
    sleep "$PAUSE"; run "$pages pages, cold" "${extra[@]}"
    run "$pages pages, warm" "${extra[@]}"
  done
done
