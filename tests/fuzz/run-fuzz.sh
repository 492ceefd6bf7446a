#!/usr/bin/env bash
# Builds a libFuzzer target with clang (ASan + UBSan) and fuzzes it for a bounded time.
# Usage: run-fuzz.sh SOURCE_DIR BUILD_DIR [SECONDS] [TARGET]   (default 60 s; FUZZ_SECONDS
# overrides; TARGET fuzz_loader, the default, or fuzz_inspector)
# Exits non-zero on any crash or sanitizer report; the crashing input is left in BUILD_DIR.
set -euo pipefail
src=$1
build=$2
seconds=${FUZZ_SECONDS:-${3:-60}}
target=${FUZZ_TARGET:-${4:-fuzz_loader}}
if ! command -v clang++ >/dev/null; then
  echo "run-fuzz: clang++ not found (tools/install-deps.sh installs it)" >&2
  exit 1
fi
cmake -S "$src" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DHEAPSNAP_FUZZ=ON -DHEAPSNAP_SANITIZE=ON >/dev/null
cmake --build "$build" --target "$target" -j2 >/dev/null
if [ "$target" = fuzz_inspector ]; then
  # Seeds: server frames, a /json/list answer and an upgrade answer as Node 20 sends them.
  corpus="$build/corpus-inspector"
  mkdir -p "$corpus"
  cp "$src"/tests/fuzz/seeds-inspector/* "$corpus"/
  cd "$build"
  ./tests/fuzz/fuzz_inspector -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 "$corpus" 2>&1 | tail -n 25
  echo "fuzz: ${seconds}s without a crash"
  exit 0
fi
corpus="$build/corpus"
mkdir -p "$corpus"
# Seeds: the hand-written snapshot, every malformed case, the gzip form, and a synthetic
# snapshot whose arrays are long enough for the loader's 64-byte block scan (written by
# `gen-synthetic-snapshot 400 tests/fuzz/seeds/synthetic-400.heapsnapshot`).
cp "$src"/testdata/tiny/* "$src"/testdata/malformed/*.heapsnapshot* "$src"/tests/fuzz/seeds/* \
  "$corpus"/ 2>/dev/null || true
# zstd and xz forms of both snapshots, so the fuzzer starts inside the decompressors: with their
# checksums, and without (mutations of stored literals then reach the JSON parser).
for seed in "$src"/testdata/tiny/basic.heapsnapshot "$src"/tests/fuzz/seeds/synthetic-400.heapsnapshot; do
  name=$(basename "$seed")
  if command -v zstd >/dev/null; then
    zstd -q -f -c "$seed" >"$corpus/$name.zst"
    zstd -q -f -c --no-check "$seed" >"$corpus/$name.nocheck.zst"
  fi
  if command -v xz >/dev/null; then
    xz -q -c "$seed" >"$corpus/$name.xz"
    xz -q -c --check=none "$seed" >"$corpus/$name.nocheck.xz"
  fi
done
cd "$build"
./tests/fuzz/fuzz_loader -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -dict="$src/tests/fuzz/snapshot.dict" -print_final_stats=1 "$corpus" 2>&1 | tail -n 25
echo "fuzz: ${seconds}s without a crash"
