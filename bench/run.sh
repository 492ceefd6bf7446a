#!/usr/bin/env bash
# heapsnap benchmark: wall time, throughput and peak RSS of heapsnap beside Chrome DevTools' own
# heap-snapshot worker and memlab (../shared/oracle drivers), measured in the same run.
#
#   bench/run.sh [--data DIR] [--runs N] [--no-oracles] [--only info|top|diff|suspects|html]
#                [--idle SECONDS]
#
# heapsnap's `info` and `top` rows are measured three ways: back to back, with the file dropped
# from the page cache before each run, and after SECONDS (default 8; 0 skips) of idle before each
# run. On virtual machines that hand free memory back to the host, a run after a pause pays for
# fresh memory that a run right after another does not (bench/README.md, "fresh memory").
#
# DATA (default /tmp/heapsnap-bench) receives the generated snapshots (~11 GB in all):
#   big.heapsnapshot      real Node snapshot, ~1.7 GB (shared/bench/gen-snapshot.js 103000)
#   big2.heapsnapshot     the same program with more units, for diff (105000)
#   strings.heapsnapshot  real Node snapshot with a huge strings section, ~0.67 GB (100 ... 600000)
#   synthetic.heapsnapshot  ~5 GB synthetic snapshot, 60 M nodes (tools/gen_synthetic_snapshot.cpp)
# Needs: a Release build in build/ (cmake -S . -B build -DCMAKE_BUILD_TYPE=Release), GNU time
# (/usr/bin/time), node. Prints a Markdown report on stdout; bench/README.md quotes one.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
ARGS="$*"
DATA=/tmp/heapsnap-bench
RUNS=3
ORACLES=1
ONLY=""
IDLE=8
while [ $# -gt 0 ]; do
  case $1 in
    --data) DATA=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --no-oracles) ORACLES=0; shift ;;
    --only) ONLY=$2; shift 2 ;;
    --idle) IDLE=$2; shift 2 ;;
    *) echo "usage: bench/run.sh [--data DIR] [--runs N] [--no-oracles] [--only info|top|diff|suspects|html] [--idle SECONDS]" >&2; exit 2 ;;
  esac
done
BUILD=${BUILD:-$ROOT/build}  # a Release build directory
HEAPSNAP=$BUILD/heapsnap
GEN_SYNTH=$BUILD/tools/gen-synthetic-snapshot
[ -x "$HEAPSNAP" ] || { echo "bench: build heapsnap first (build/heapsnap)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }
mkdir -p "$DATA"

gen_node() {  # gen_node OUT UNITS [BIGSTRINGS]
  [ -s "$DATA/$1" ] && return
  echo "bench: generating $1 (gen-snapshot.js $2 ${3:-})" >&2
  node --max-old-space-size=20000 "$SHARED/bench/gen-snapshot.js" "$2" "$DATA/$1" ${3:-} >&2
}
gen_synthetic() {
  [ -s "$DATA/synthetic.heapsnapshot" ] && return
  echo "bench: generating synthetic.heapsnapshot (60 M nodes, ~5 GB)" >&2
  "$GEN_SYNTH" 60000000 "$DATA/synthetic.heapsnapshot" >"$DATA/synthetic.json"
}

# measure LABEL CMD...: runs CMD $RUNS times; sets WALL (median seconds), SPREAD ("min–max")
# and RSS (max KB). If BEFORE_EACH is set, it is run (untimed) before every run.
measure() {
  local label=$1
  shift
  local walls=() rss=0
  for _ in $(seq "$RUNS"); do
    [ -n "${BEFORE_EACH:-}" ] && eval "$BEFORE_EACH"
    /usr/bin/time -f "%e %M" -o "$DATA/time.txt" "$@" >"$DATA/out.txt" 2>"$DATA/err.txt" || {
      echo "bench: $label failed:" >&2
      tail -3 "$DATA/err.txt" >&2
      return 1
    }
    read -r w r <"$DATA/time.txt"
    walls+=("$w")
    [ "$r" -gt "$rss" ] && rss=$r
  done
  WALL=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  SPREAD=$(printf '%s\n' "${walls[@]}" | sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%.2f–%.2f", lo, hi}')
  RSS=$rss
}
# interleaved CMD...: runs each command (a string for eval) once per round, $RUNS rounds, so that
# all of them meet the machine's same phases; sets WALLS[i] (median seconds), SPREADS[i]
# ("min–max"), CPUS[i] (median user + system seconds) and RSSS[i] (max KB) per command.
interleaved() {
  local cmds=("$@") i round w c r
  local -a walls cpus
  WALLS=(); SPREADS=(); CPUS=(); RSSS=()
  for i in "${!cmds[@]}"; do walls[i]=""; cpus[i]=""; RSSS[i]=0; done
  for round in $(seq "$RUNS"); do
    for i in "${!cmds[@]}"; do
      eval "/usr/bin/time -f '%e %U %S %M' -o '$DATA/time.txt' ${cmds[i]}" >"$DATA/out.txt" 2>"$DATA/err.txt" || {
        echo "bench: ${cmds[i]} failed:" >&2
        tail -3 "$DATA/err.txt" >&2
        return 1
      }
      read -r w u sy r <"$DATA/time.txt"
      walls[i]+="$w "
      cpus[i]+="$(awk -v a="$u" -v b="$sy" 'BEGIN {print a + b}') "
      [ "$r" -gt "${RSSS[i]}" ] && RSSS[i]=$r
    done
  done
  for i in "${!cmds[@]}"; do
    WALLS[i]=$(printf '%s\n' ${walls[i]} | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    CPUS[i]=$(printf '%s\n' ${cpus[i]} | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    SPREADS[i]=$(printf '%s\n' ${walls[i]} | sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%.2f–%.2f", lo, hi}')
  done
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
evict() { dd if="$1" iflag=nocache count=0 status=none; }
mb() { awk -v b="$1" 'BEGIN {printf "%.0f", b / 1e6}'; }
row() {  # row TOOL FILE_BYTES
  printf '| %s | %.2f s (%s) | %s MB/s | %s MB | %.2fx |\n' "$1" "$WALL" "$SPREAD" \
    "$(awk -v b="$2" -v w="$WALL" 'BEGIN {printf "%.0f", b / 1e6 / w}')" "$(mb $((RSS * 1024)))" \
    "$(awk -v r="$RSS" -v b="$2" 'BEGIN {print r * 1024 / b}')"
}

echo "# heapsnap benchmark, $(date -u +%F), $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB"
echo
echo "Command: \`bench/run.sh $ARGS\` (runs per measurement: $RUNS; wall: median (min–max); RSS: max)."

if [ -z "$ONLY" ] || [ "$ONLY" = info ]; then
  gen_node big.heapsnapshot 103000
  gen_node strings.heapsnapshot 100 600000
  BIG=$(stat -c %s "$DATA/big.heapsnapshot")
  echo
  echo "## Load (\`heapsnap info\`) — big.heapsnapshot, $(mb "$BIG") MB"
  echo
  echo "| tool | wall | throughput | peak RSS | RSS / file |"
  echo "|---|---|---|---|---|"
  measure cat cat "$DATA/big.heapsnapshot"
  printf '| cat FILE >/dev/null | %.2f s | %s MB/s | — | — |\n' "$WALL" \
    "$(awk -v b="$BIG" -v w="$WALL" 'BEGIN {printf "%.0f", b / 1e6 / w}')"
  measure info "$HEAPSNAP" info "$DATA/big.heapsnapshot"
  row "heapsnap info" "$BIG"
  # The same with the file dropped from the page cache before each run (GNU dd's documented
  # idiom), as for a snapshot written a while ago: heapsnap then reads it with direct I/O.
  BEFORE_EACH='evict "$DATA/big.heapsnapshot"' measure info "$HEAPSNAP" info "$DATA/big.heapsnapshot"
  row "heapsnap info, file not in the page cache" "$BIG"
  if [ "$IDLE" != 0 ]; then
    BEFORE_EACH="sleep $IDLE" measure info "$HEAPSNAP" info "$DATA/big.heapsnapshot"
    row "heapsnap info, $IDLE s idle before each run" "$BIG"
  fi
  S=$(stat -c %s "$DATA/strings.heapsnapshot")
  echo
  echo "## String-heavy snapshot — strings.heapsnapshot, $(mb "$S") MB"
  echo
  echo "| tool | wall | throughput | peak RSS | RSS / file |"
  echo "|---|---|---|---|---|"
  measure info "$HEAPSNAP" info "$DATA/strings.heapsnapshot"
  row "heapsnap info" "$S"
  if [ "$ORACLES" = 1 ]; then
    for o in devtools memlab; do
      if measure "$o" "$SHARED/oracle/oracle" "$o" "$DATA/strings.heapsnapshot" --top 5; then
        row "$o (load + analysis)" "$S"
      else
        echo "| $o | failed: $(grep -m1 -o 'RangeError[^.]*' "$DATA/err.txt" || tail -1 "$DATA/err.txt") | | | |"
      fi
    done
  fi
  if [ -x "$GEN_SYNTH" ]; then
    gen_synthetic
    Y=$(stat -c %s "$DATA/synthetic.heapsnapshot")
    echo
    echo "## Over 4 GiB — synthetic.heapsnapshot, $(mb "$Y") MB ($(cat "$DATA/synthetic.json"))"
    echo
    echo "| tool | wall | throughput | peak RSS | RSS / file |"
    echo "|---|---|---|---|---|"
    RUNS_SAVED=$RUNS; RUNS=1
    measure info "$HEAPSNAP" info --json "$DATA/synthetic.heapsnapshot"
    RUNS=$RUNS_SAVED
    row "heapsnap info" "$Y"
    echo
    echo "heapsnap's counts: $(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["files"][0]; print({k: f[k] for k in ("node_count","edge_count","string_count","total_self_size")})' "$DATA/out.txt")"
  fi
fi

if { [ -z "$ONLY" ] || [ "$ONLY" = top ]; } && "$HEAPSNAP" top --help >/dev/null 2>&1; then
  gen_node big.heapsnapshot 103000
  BIG=$(stat -c %s "$DATA/big.heapsnapshot")
  echo
  echo "## Retained sizes (\`heapsnap top --retained\`) — big.heapsnapshot, $(mb "$BIG") MB"
  echo
  echo "| tool | wall | throughput | peak RSS | RSS / file | wall vs heapsnap |"
  echo "|---|---|---|---|---|---|"
  measure top "$HEAPSNAP" top --retained -n 20 "$DATA/big.heapsnapshot"
  HS_WALL=$WALL
  printf '%s %.1fx |\n' "$(row "heapsnap top --retained" "$BIG")" 1
  BEFORE_EACH='evict "$DATA/big.heapsnapshot"' measure top "$HEAPSNAP" top --retained -n 20 "$DATA/big.heapsnapshot"
  printf '%s — |\n' "$(row "heapsnap top --retained, file not in the page cache" "$BIG")"
  if [ "$IDLE" != 0 ]; then
    BEFORE_EACH="sleep $IDLE" measure top "$HEAPSNAP" top --retained -n 20 "$DATA/big.heapsnapshot"
    printf '%s — |\n' "$(row "heapsnap top --retained, $IDLE s idle before each run" "$BIG")"
  fi
  if [ "$ORACLES" = 1 ]; then
    RUNS_SAVED=$RUNS; RUNS=1
    for o in devtools memlab; do
      if measure "$o" "$SHARED/oracle/oracle" "$o" "$DATA/big.heapsnapshot" --top 20; then
        printf '%s %.1fx |\n' "$(row "$o (load + dominators + retained)" "$BIG")" \
          "$(awk -v a="$WALL" -v b="$HS_WALL" 'BEGIN {print a / b}')"
      fi
    done
    RUNS=$RUNS_SAVED
  fi
fi

if { [ -z "$ONLY" ] || [ "$ONLY" = diff ]; } && "$HEAPSNAP" diff --help >/dev/null 2>&1; then
  gen_node big.heapsnapshot 103000
  gen_node big2.heapsnapshot 105000
  BIG=$(stat -c %s "$DATA/big.heapsnapshot")
  echo
  echo "## Diff of two snapshots (\`heapsnap diff\`) — big + big2, $(mb "$BIG") MB each"
  echo
  echo "| tool | wall | peak RSS | RSS / one file |"
  echo "|---|---|---|---|"
  measure top "$HEAPSNAP" top --retained -n 20 "$DATA/big.heapsnapshot"
  TOP_WALL=$WALL
  printf '| heapsnap top --retained big | %.2f s (%s) | %s MB | %.2fx |\n' "$WALL" "$SPREAD" \
    "$(mb $((RSS * 1024)))" "$(awk -v r="$RSS" -v b="$BIG" 'BEGIN {print r * 1024 / b}')"
  measure diff "$HEAPSNAP" diff "$DATA/big.heapsnapshot" "$DATA/big2.heapsnapshot"
  printf '| heapsnap diff big big2 | %.2f s (%s) = %.2fx top --retained | %s MB | %.2fx |\n' "$WALL" \
    "$SPREAD" "$(awk -v a="$WALL" -v b="$TOP_WALL" 'BEGIN {print a / b}')" "$(mb $((RSS * 1024)))" \
    "$(awk -v r="$RSS" -v b="$BIG" 'BEGIN {print r * 1024 / b}')"
fi

if { [ -z "$ONLY" ] || [ "$ONLY" = suspects ]; } && "$HEAPSNAP" suspects --help >/dev/null 2>&1; then
  gen_node big.heapsnapshot 103000
  BIG=$(stat -c %s "$DATA/big.heapsnapshot")
  B="$DATA/big.heapsnapshot"
  echo
  echo "## Leak suspects (\`heapsnap suspects\`, every detector) beside \`top --retained\` — big.heapsnapshot, $(mb "$BIG") MB"
  echo
  echo "Interleaved: each round runs \`top --retained -n 20\`, then \`suspects\`. Load before: $(uptime | sed 's/.*load average: //')."
  echo
  echo "| command | wall | user + system | peak RSS | wall vs top --retained |"
  echo "|---|---|---|---|---|"
  interleaved "'$HEAPSNAP' top --retained -n 20 '$B'" "'$HEAPSNAP' suspects '$B'"
  printf '| heapsnap top --retained | %.2f s (%s) | %.2f s | %s MB | 1.00x |\n' "${WALLS[0]}" "${SPREADS[0]}" "${CPUS[0]}" "$(mb $((RSSS[0] * 1024)))"
  printf '| heapsnap suspects | %.2f s (%s) | %.2f s | %s MB | %sx (CPU %sx) |\n' "${WALLS[1]}" "${SPREADS[1]}" "${CPUS[1]}" \
    "$(mb $((RSSS[1] * 1024)))" "$(ratio "${WALLS[1]}" "${WALLS[0]}")" "$(ratio "${CPUS[1]}" "${CPUS[0]}")"
  echo
  echo "Load after: $(uptime | sed 's/.*load average: //')."
fi

if { [ -z "$ONLY" ] || [ "$ONLY" = html ]; } && "$HEAPSNAP" summary --help >/dev/null 2>&1; then
  gen_node big.heapsnapshot 103000
  gen_node big2.heapsnapshot 105000
  B="$DATA/big.heapsnapshot"
  B2="$DATA/big2.heapsnapshot"
  echo
  echo "## The HTML page (\`-o html=FILE\`) — big.heapsnapshot (and big2 for diff)"
  echo
  echo "Interleaved: each round runs a command without, then with \`-o html=FILE -o text=/dev/null\`. Load before: $(uptime | sed 's/.*load average: //')."
  echo
  echo "| command | text only | with the HTML page | HTML cost (wall) | HTML cost (user + system) | page |"
  echo "|---|---|---|---|---|---|"
  PAGES=()
  for cmd in summary top diff; do
    case $cmd in
      summary) args="summary '$B'" ;;
      top) args="top --retained -n 20 '$B'" ;;
      diff) args="diff '$B' '$B2'" ;;
    esac
    page="$DATA/$cmd.html"
    interleaved "'$HEAPSNAP' $args" "'$HEAPSNAP' $args -o html='$page' -o text=/dev/null"
    PAGES+=("$page")
    printf '| %s | %.2f s (%s) | %.2f s (%s) | %+.1f %% | %+.1f %% | %s bytes |\n' "$cmd" "${WALLS[0]}" "${SPREADS[0]}" \
      "${WALLS[1]}" "${SPREADS[1]}" "$(awk -v a="${WALLS[1]}" -v b="${WALLS[0]}" 'BEGIN {print (a / b - 1) * 100}')" \
      "$(awk -v a="${CPUS[1]}" -v b="${CPUS[0]}" 'BEGIN {print (a / b - 1) * 100}')" "$(stat -c %s "$page")"
  done
  echo
  echo "Load after: $(uptime | sed 's/.*load average: //')."
  if command -v node >/dev/null; then
    echo
    echo "Time to interactive in headless Chromium (\`bench/html-tti.js --runs $RUNS\`; ms from navigation start, medians):"
    echo
    echo "| page | bytes | JSON parsed | page built (heapsnap-ready) | DOMContentLoaded | load | interactive |"
    echo "|---|---|---|---|---|---|---|"
    node "$ROOT/bench/html-tti.js" --markdown --runs "$RUNS" "${PAGES[@]}" \
      || echo "(html-tti failed: no Chromium?)"
  fi
fi
