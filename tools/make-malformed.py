#!/usr/bin/env python3
"""Writes testdata/malformed/: one bad snapshot per failure mode, each derived from
testdata/tiny/basic.heapsnapshot by one textual edit, and expected.tsv (file; `error` if the
load must fail, `warning` if it must succeed with exactly one warning; then a substring the
error message or the warning must contain). docs/input-checks.md says which problems are
errors and which are warnings, and why. Re-run after changing basic.heapsnapshot."""
import gzip
import lzma
import os
import subprocess

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
SRC = os.path.join(ROOT, 'testdata', 'tiny', 'basic.heapsnapshot')
OUT = os.path.join(ROOT, 'testdata', 'malformed')

base = open(SRC, encoding='utf-8').read()


def edit(old, new, count=1):
    assert old in base, old
    return base.replace(old, new, count)


CASES = [
    # (file, content, expected substring)
    ('empty.heapsnapshot', '', 'file is empty'),
    ('whitespace-only.heapsnapshot', '  \n\t ', 'file is empty'),
    ('not-json.heapsnapshot', 'hello world\n', 'not a heap snapshot'),
    ('json-array.heapsnapshot', '[1,2,3]', 'not a heap snapshot'),
    ('json-but-not-snapshot.heapsnapshot', '{"name":"package","version":"1.0.0"}', "section 'snapshot' is missing"),
    ('truncated-in-header.heapsnapshot', base[:200], 'ends inside'),
    ('truncated-in-nodes.heapsnapshot', base[:base.index('"edges"') - 20], 'expected'),
    ('truncated-in-edges.heapsnapshot', base[:base.index('"trace_function_infos"') - 10], 'expected'),
    ('truncated-in-strings.heapsnapshot', base[:len(base) - 30], 'input ends inside a string'),
    ('truncated-before-close.heapsnapshot', base.rstrip()[:-1], 'found end of input'),
    ('node-count-too-small.heapsnapshot', edit('"node_count":6', '"node_count":5'), 'more than snapshot.node_count = 5'),
    ('node-count-too-large.heapsnapshot', edit('"node_count":6', '"node_count":7'), 'array holds 6 nodes, but snapshot.node_count is 7'),
    ('edge-count-header-wrong.heapsnapshot', edit('"edge_count":8', '"edge_count":9'), 'edge_count fields sum to 8, but snapshot.edge_count is 9'),
    ('edge-counts-sum-wrong.heapsnapshot', edit(',3,10,9,30,0,0,0', ',3,10,9,30,1,0,0'), 'edge_count fields sum to 9'),
    ('nodes-not-multiple.heapsnapshot', edit(',2,11,11,16,0,0,0]', ',2,11,11,16,0,0,0,5]'), 'not a multiple of 7 fields'),
    ('to-node-not-multiple.heapsnapshot', edit('1,1,7,5,3,14', '1,1,8,5,3,14'), 'to_node 8, not a multiple of the 7 node fields'),
    ('to-node-out-of-range.heapsnapshot', edit('2,9,28,1,0,35', '2,9,28,1,0,42'), 'to_node 42 (node 6), but there are 6 nodes'),
    ('string-index-out-of-range.heapsnapshot', edit(',3,10,9,30,0,0,0', ',3,99,9,30,0,0,0'), "field 'name': string index 99 out of range"),
    ('edge-name-out-of-range.heapsnapshot', edit('2,5,21,2,6,28', '2,500,21,2,6,28'), "field 'name_or_index': string index 500 out of range"),
    ('unknown-node-type.heapsnapshot', edit(',3,10,9,30,0,0,0', ',42,10,9,30,0,0,0'), 'type index 42'),
    ('unknown-edge-type.heapsnapshot', edit('2,9,28,1,0,35', '2,9,28,17,0,35'), 'type index 17'),
    ('negative-number.heapsnapshot', edit('3,10,9,30,0,0,0', '3,10,9,-30,0,0,0'), 'non-negative integer'),
    ('float-number.heapsnapshot', edit('3,10,9,30,0,0,0', '3,10,9,30.5,0,0,0'), 'expected an integer'),
    ('garbage-in-edges.heapsnapshot', edit('1,1,14\n', '1,1,14 xyz\n'), "expected ',' or ']'"),
    ('missing-edge-count-field.heapsnapshot', edit('"self_size","edge_count",', '"self_size","edges",'), "node_fields lacks 'edge_count'"),
    ('missing-meta.heapsnapshot', edit('"meta":{', '"mota":{'), "'meta' is missing"),
    ('nodes-before-snapshot.heapsnapshot',
     '{"nodes":[],' + base[1:], "section 'nodes' comes before 'snapshot'"),
    ('missing-strings.heapsnapshot', base[:base.index(',\n"strings"')] + '}', "section 'strings' is missing"),
    ('duplicate-section.heapsnapshot', edit('"samples":[],', '"samples":[],\n"samples":[],'), "section 'samples' appears twice"),
    ('bad-escape.heapsnapshot', edit('"Item"', '"It\\qem"'), 'malformed escape'),
    ('trailing-garbage.heapsnapshot', base.rstrip() + ' {}', 'unexpected data after the end'),
    ('huge-integer.heapsnapshot', edit('3,10,9,30,0,0,0', '3,10,9,123456789012345678901,0,0,0'), 'more than 19 digits'),
    ('id-too-large.heapsnapshot', edit('3,10,9,30,0,0,0', '3,10,99999999999,30,0,0,0'), 'out of range (name 10, id 99999999999'),
    ('node-count-not-a-number.heapsnapshot', edit('"node_count":6', '"node_count":"6"'), "'node_count' is not a non-negative integer"),
    ('root-index-out-of-range.heapsnapshot', edit('"trace_function_count":0', '"trace_function_count":0,"root_index":700'), 'root_index names node 100'),
    ('nul-byte.heapsnapshot', edit('3,10,9,30', '3,10,\x009,30'), 'byte 0x00'),
    ('trace-tree-unbalanced.heapsnapshot', edit('"trace_tree":[]', '"trace_tree":[1,0,0,0,[2,0,0,0]'), 'trace_tree'),
]

# Problems no answer depends on: the load succeeds with one warning (docs/input-checks.md).
WARNING_CASES = [
    ('location-not-a-node.heapsnapshot', edit('"locations":[21,3,10,4]', '"locations":[22,3,10,4]'),
     "locations: 1 row names an object index that is not a node's start (first: 22, before byte"),
    ('location-past-the-nodes.heapsnapshot', edit('"locations":[21,3,10,4]', '"locations":[21,3,10,4,700,3,11,4,14,3,12,4,701,3,1,1]'),
     "locations: 2 rows name an object index that is not a node's start (first: 700, before byte"),
    ('header-without-node-count.heapsnapshot', edit('"node_count":6,', ''),
     "snapshot header: 'node_count' is missing; the nodes array (at byte"),
    ('weak-edge-name-out-of-range.heapsnapshot', edit('6,7,35', '6,700,35'),
     "edges: 1 weak edge names a string index past the 13 strings (first: edge 5, index 700); shown as '(name missing)'"),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = []
    for cases, outcome in ((CASES, 'error'), (WARNING_CASES, 'warning')):
        for name, content, expected in cases:
            with open(os.path.join(OUT, name), 'w', encoding='utf-8', newline='') as f:
                f.write(content)
            rows.append(f'{name}\t{outcome}\t{expected}')
    # Corrupt gzip: a valid gzip stream with bytes flipped in the middle, and a truncated one.
    good = gzip.compress(base.encode(), mtime=0)
    flipped = bytearray(good)
    for i in range(len(flipped) // 2, len(flipped) // 2 + 8):
        flipped[i] ^= 0xFF
    open(os.path.join(OUT, 'corrupt.heapsnapshot.gz'), 'wb').write(bytes(flipped))
    rows.append('corrupt.heapsnapshot.gz\terror\tcorrupt gzip data')
    open(os.path.join(OUT, 'truncated.heapsnapshot.gz'), 'wb').write(good[: len(good) // 2])
    rows.append('truncated.heapsnapshot.gz\terror\tgzip stream is truncated')
    # The same for zstd (the zstd tool: Python has no zstd module) and xz.
    for suffix, good, corrupt_message, truncated_message in [
        ('zst', subprocess.run(['zstd', '-q', '-c', '-19'], input=base.encode(), check=True,
                               capture_output=True).stdout,
         'corrupt zstd data near compressed byte', 'zstd stream is truncated'),
        ('xz', lzma.compress(base.encode(), format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64),
         'corrupt xz data near compressed byte', 'xz stream is truncated')]:
        flipped = bytearray(good)
        for i in range(len(flipped) // 2, len(flipped) // 2 + 8):
            flipped[i] ^= 0xFF
        open(os.path.join(OUT, f'corrupt.heapsnapshot.{suffix}'), 'wb').write(bytes(flipped))
        rows.append(f'corrupt.heapsnapshot.{suffix}\terror\t{corrupt_message}')
        open(os.path.join(OUT, f'truncated.heapsnapshot.{suffix}'), 'wb').write(good[: len(good) // 2])
        rows.append(f'truncated.heapsnapshot.{suffix}\terror\t{truncated_message}')
    with open(os.path.join(OUT, 'expected.tsv'), 'w', encoding='utf-8') as f:
        f.write('# file\terror|warning\tsubstring the error message or the one warning must contain '
                '(tools/make-malformed.py)\n')
        f.write('\n'.join(rows) + '\n')
    print(f'wrote {len(rows)} cases to {OUT}')


if __name__ == '__main__':
    main()
