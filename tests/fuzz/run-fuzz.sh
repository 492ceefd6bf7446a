#!/usr/bin/env bash
# Builds a libFuzzer target with clang (ASan + UBSan) and fuzzes it for a bounded time.
# Usage: run-fuzz.sh SOURCE_DIR BUILD_DIR [SECONDS] [TARGET]
#   TARGET: loader (default; the loader and the analyses on what it accepts; plain, gzip, zstd and
#   xz input), gate_config or summary (format/gate_files.h), inspector (the DevTools protocol
#   client's frame and message parsers). SECONDS: default 60; FUZZ_SECONDS overrides.
# Exits non-zero on any crash or sanitizer report; the crashing input is left in BUILD_DIR.
set -euo pipefail
src=$1
build=$2
seconds=${FUZZ_SECONDS:-${3:-60}}
target=${4:-loader}
if ! command -v clang++ >/dev/null; then
  echo "run-fuzz: clang++ not found (tools/install-deps.sh installs it)" >&2
  exit 1
fi
max_len=65536
dict_args=()
case $target in
  loader)
    # The hand-written snapshot, every malformed case, the gzip form, and a synthetic snapshot
    # whose arrays are long enough for the loader's 64-byte block scan (written by
    # `gen-synthetic-snapshot 400 tests/fuzz/seeds/synthetic-400.heapsnapshot`).
    seeds=("$src"/testdata/tiny/* "$src"/testdata/malformed/*.heapsnapshot* "$src"/tests/fuzz/seeds/*)
    dict_args=(-dict="$src/tests/fuzz/snapshot.dict") ;;
  gate_config)
    seeds=("$src"/tests/fuzz/gate_config_seeds/*)
    dict_args=(-dict="$src/tests/fuzz/gate_files.dict") ;;
  summary)
    seeds=("$src"/tests/fuzz/summary_seeds/*)
    dict_args=(-dict="$src/tests/fuzz/gate_files.dict") ;;
  inspector)
    # Server frames, a /json/list answer and an upgrade answer as Node 20 sends them.
    seeds=("$src"/tests/fuzz/seeds-inspector/*)
    max_len=4096 ;;
  *) echo "run-fuzz: unknown target '$target' (loader, gate_config, summary, inspector)" >&2; exit 1 ;;
esac
cmake -S "$src" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DHEAPSNAP_FUZZ=ON -DHEAPSNAP_SANITIZE=ON >/dev/null
cmake --build "$build" --target "fuzz_$target" -j2 >/dev/null
corpus="$build/corpus-$target"
mkdir -p "$corpus"
cp "${seeds[@]}" "$corpus"/ 2>/dev/null || true
if [ "$target" = loader ]; then
  # zstd and xz forms of both snapshots, so the fuzzer starts inside the decompressors: with
  # their checksums, and without (mutations of stored literals then reach the JSON parser).
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
fi
cd "$build"
"./tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
  -rss_limit_mb=2048 "${dict_args[@]}" -print_final_stats=1 "$corpus" 2>&1 | tail -n 25
echo "fuzz $target: ${seconds}s without a crash"
