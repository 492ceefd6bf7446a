#!/usr/bin/env bash
# Writes testdata/golden/<relative path>.devtools.json[.gz]: what Chrome DevTools' own heap
# snapshot worker computes for each snapshot under testdata/ (run through
# /work/shared/oracle/oracle devtools FILE --all), trimmed to what heapsnap must reproduce:
#   node_count, edge_count, total_size;
#   per node: [id, retained size, shallow size, distance];
#   per class: [name, count, shallow size, retained size (maxRet), distance].
# tests/unit/analysis/devtools_golden_test.cpp loads each snapshot and compares exactly.
#
# Node rows: every node for the snapshots named in FULL below; for the others, to keep the
# repository small, the 500 nodes with the largest retained size, every node DevTools could not
# reach (distance -5, up to 200) and a deterministic sample of 500 more (smallest
# (id * 2654435761) mod 2^32). The golden says which ("nodes_sampled"). Class rows: all of them.
# One row per line; files over 512 KB are gzipped (-9n, reproducible).
#
# Usage: tools/make-goldens.sh [SNAPSHOT...]   (paths relative to testdata/; default: all
# *.heapsnapshot and *.heapsnapshot.gz outside testdata/malformed/ and testdata/golden/).
# Needs node (the oracle installs chrome-devtools-frontend on first use) and python3.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TESTDATA="$ROOT/testdata"
ORACLE="${ORACLE:-/work/shared/oracle/oracle}"
FULL=(tiny/basic.heapsnapshot tiny/basic.heapsnapshot.gz scenarios/long-chain/1.heapsnapshot.gz
      scenarios/closure-context/1.heapsnapshot.gz scenarios/string-cache/1.heapsnapshot.gz)

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

if [ "$#" -gt 0 ]; then
  SNAPSHOTS=("$@")
else
  mapfile -t SNAPSHOTS < <(cd "$TESTDATA" && find . \( -path ./malformed -o -path ./golden \) -prune -o \
    -type f \( -name '*.heapsnapshot' -o -name '*.heapsnapshot.gz' \) -print | sed 's|^\./||' | LC_ALL=C sort)
fi

for rel in "${SNAPSHOTS[@]}"; do
  src="$TESTDATA/$rel"
  plain="$TMP/snapshot.heapsnapshot"
  if [ "$(head -c 2 "$src" | od -An -tx1 | tr -d ' ')" = "1f8b" ]; then
    gunzip -c "$src" > "$plain"
  else
    cp "$src" "$plain"
  fi
  if ! "$ORACLE" devtools "$plain" --all > "$TMP/oracle.json" 2> "$TMP/oracle.err"; then
    echo "make-goldens: $rel: oracle failed, skipped: $(head -c 300 "$TMP/oracle.err")" >&2
    continue
  fi
  full=0
  for f in "${FULL[@]}"; do [ "$f" = "$rel" ] && full=1; done
  out="$TESTDATA/golden/$rel.devtools.json"
  mkdir -p "$(dirname "$out")"
  rm -f "$out" "$out.gz"
  python3 - "$TMP/oracle.json" "$rel" "$full" "$out" <<'PY'
import json, sys
oracle_path, rel, full, out = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
d = json.load(open(oracle_path))
nodes = [(n["id"], n["retained_size"], n["self_size"], n["distance"]) for n in d["nodes"]]
if not full:
    top = sorted(nodes, key=lambda r: (-r[1], r[0]))[:500]
    chosen = {r[0] for r in top}
    unreachable = [r for r in nodes if r[3] == -5 and r[0] not in chosen][:200]
    chosen |= {r[0] for r in unreachable}
    rest = sorted((r for r in nodes if r[0] not in chosen), key=lambda r: ((r[0] * 2654435761) % 2**32, r[0]))[:500]
    chosen |= {r[0] for r in rest}
    nodes = [r for r in nodes if r[0] in chosen]
nodes.sort()
classes = sorted((c["name"], c["count"], c["self_size"], c["max_retained"], c["distance"]) for c in d["classes"])
lines = ["{" + '"snapshot":%s,"oracle":%s,' % (json.dumps(rel), json.dumps(d["implementation"])),
         '"node_count":%d,"edge_count":%d,"total_size":%d,' % (d["node_count"], d["edge_count"], d["total_size"]),
         '"nodes_sampled":%s,"node_fields":["id","retained","shallow","distance"],' % ("false" if full else "true"),
         '"nodes":[']
lines += ["[%d,%d,%d,%d]," % r for r in nodes]
if nodes: lines[-1] = lines[-1][:-1]
lines += ['],', '"class_fields":["name","count","shallow","retained","distance"],', '"classes":[']
lines += ["[%s,%d,%d,%d,%d]," % ((json.dumps(c[0]),) + c[1:]) for c in classes]
if classes: lines[-1] = lines[-1][:-1]
lines += [']}']
open(out, "w").write("\n".join(lines) + "\n")
PY
  if [ "$(stat -c %s "$out")" -gt 512000 ]; then gzip -9n "$out"; out="$out.gz"; fi
  echo "make-goldens: $rel -> ${out#"$ROOT/"} ($(stat -c %s "$out") bytes)"
done
