#!/usr/bin/env bash
# Compressed input: the same Node snapshot as gzip, zstd and xz (written by the gzip, zstd and xz
# tools, also as concatenated frames and streams) gives the same `info`; corrupt and truncated
# zstd and xz fail with one line naming the file, exit 2.
source "$(dirname "$0")/lib.bash"
GZ=$SRC/testdata/scenarios/long-chain/1.heapsnapshot.gz
if ! command -v zstd >/dev/null || ! command -v xz >/dev/null; then
  echo "compressed_input: the zstd and xz tools are missing (tools/install-deps.sh installs them)" >&2
  exit 1
fi
gzip -dc "$GZ" >"$TMP/snap.heapsnapshot"
zstd -q -c "$TMP/snap.heapsnapshot" >"$TMP/snap.zst"
xz -q -1 -c "$TMP/snap.heapsnapshot" >"$TMP/snap.xz"
# Two frames / two streams: the first and the second half of the text compressed separately.
half=$(($(wc -c <"$TMP/snap.heapsnapshot") / 2))
{ head -c "$half" "$TMP/snap.heapsnapshot" | zstd -q -c; tail -c +"$((half + 1))" "$TMP/snap.heapsnapshot" | zstd -q -c; } >"$TMP/two.zst"
{ head -c "$half" "$TMP/snap.heapsnapshot" | xz -q -0 -c; tail -c +"$((half + 1))" "$TMP/snap.heapsnapshot" | xz -q -0 -c; } >"$TMP/two.xz"

counts() {  # the lines of `info` that describe the snapshot, not the file
  grep -E '^(nodes|edges|strings|total self size|node fields|edge types) '
}
run "$HEAPSNAP" info "$GZ"
check "info on .gz exits 0" test "$RC" -eq 0
check "info on .gz says gzip" contains "$OUT" "bytes), gzip"
expected=$(counts <<<"$OUT")
check "info on .gz prints counts" test "$(wc -l <<<"$expected")" -eq 6
for f in snap.heapsnapshot snap.zst snap.xz two.zst two.xz; do
  run "$HEAPSNAP" info "$TMP/$f"
  check "info on $f exits 0" test "$RC" -eq 0
  check "info on $f prints the same counts as on .gz" test "$(counts <<<"$OUT")" = "$expected"
done
run "$HEAPSNAP" info "$TMP/snap.zst"
check "info names zstd" contains "$OUT" "bytes), zstd"
run "$HEAPSNAP" info --json "$TMP/snap.xz" "$TMP/snap.zst" "$GZ" "$TMP/snap.heapsnapshot"
check "json compression fields" test "$(json_get "$OUT" '[f["compression"] for f in d["files"]]')" = "['xz', 'zstd', 'gzip', 'none']"
check "json gzip flag only for gzip" test "$(json_get "$OUT" '[f["gzip"] for f in d["files"]]')" = "[False, False, True, False]"
check "json text sizes agree" test "$(json_get "$OUT" 'len({f["text_size"] for f in d["files"]})')" = 1

for f in corrupt.heapsnapshot.zst truncated.heapsnapshot.zst corrupt.heapsnapshot.xz truncated.heapsnapshot.xz; do
  run "$HEAPSNAP" info "$SRC/testdata/malformed/$f"
  check "$f exits 2" test "$RC" -eq 2
  check "$f: one line on stderr naming the file" \
    test "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 -a -n "$(contains "$ERR" "heapsnap: error: '$SRC/testdata/malformed/$f': " && echo y)"
done
run "$HEAPSNAP" info "$SRC/testdata/malformed/corrupt.heapsnapshot.xz"
check "corrupt xz: the offset and the reason" contains "$ERR" "corrupt xz data near compressed byte"
head -c 100000 "$TMP/snap.zst" >"$TMP/cut.zst"
run "$HEAPSNAP" summary "$TMP/cut.zst"
check "a cut-off .zst exits 2" test "$RC" -eq 2
check "a cut-off .zst says truncated" contains "$ERR" "zstd stream is truncated"

finish
