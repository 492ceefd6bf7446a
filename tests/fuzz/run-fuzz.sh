#!/usr/bin/env bash
# Builds a libFuzzer target with clang (ASan + UBSan) and fuzzes it for a bounded time.
# Usage: run-fuzz.sh SOURCE_DIR BUILD_DIR [SECONDS] [TARGET]
#   TARGET: loader (default; the loader and the analyses on what it accepts), gate_config or
#   summary (format/gate_files.h). SECONDS: default 60; FUZZ_SECONDS overrides.
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
case $target in
  loader)
    # The hand-written snapshot, every malformed case, the gzip form, and a synthetic snapshot
    # whose arrays are long enough for the loader's 64-byte block scan (written by
    # `gen-synthetic-snapshot 400 tests/fuzz/seeds/synthetic-400.heapsnapshot`).
    seeds=("$src"/testdata/tiny/* "$src"/testdata/malformed/*.heapsnapshot* "$src"/tests/fuzz/seeds/*)
    dict=$src/tests/fuzz/snapshot.dict ;;
  gate_config)
    seeds=("$src"/tests/fuzz/gate_config_seeds/*)
    dict=$src/tests/fuzz/gate_files.dict ;;
  summary)
    seeds=("$src"/tests/fuzz/summary_seeds/*)
    dict=$src/tests/fuzz/gate_files.dict ;;
  *) echo "run-fuzz: unknown target '$target' (loader, gate_config, summary)" >&2; exit 1 ;;
esac
cmake -S "$src" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DHEAPSNAP_FUZZ=ON -DHEAPSNAP_SANITIZE=ON >/dev/null
cmake --build "$build" --target "fuzz_$target" -j2 >/dev/null
corpus="$build/corpus-$target"
mkdir -p "$corpus"
cp "${seeds[@]}" "$corpus"/ 2>/dev/null || true
cd "$build"
"./tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -dict="$dict" -print_final_stats=1 "$corpus" 2>&1 | tail -n 25
echo "fuzz $target: ${seconds}s without a crash"
