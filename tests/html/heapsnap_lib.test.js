// Unit tests of the HTML report's page logic (src/report/html/heapsnap-lib.js), with node's
// built-in test runner: node --test tests/html/heapsnap_lib.test.js (registered with ctest).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const L = require('../../src/report/html/heapsnap-lib.js');

test('formatBytes prints what the CLI prints', () => {
  // Values and texts from the CLI's own output on testdata/scenarios/map-cache/3.
  assert.equal(L.formatBytes(5947071), '5.7 MiB');
  assert.equal(L.formatBytes(229448), '224.1 KiB');
  assert.equal(L.formatBytes(986168), '963.1 KiB');
  assert.equal(L.formatBytes(336), '336 B');
  assert.equal(L.formatBytes(0), '0 B');
  assert.equal(L.formatBytes(1023), '1023 B');
  assert.equal(L.formatBytes(1024), '1.0 KiB');
  assert.equal(L.formatBytes(3 * 1024 ** 3), '3.0 GiB');
  assert.equal(L.formatBytes(5 * 1024 ** 4), '5.0 TiB');
  // The CLI's unit follows the exact value, so just below 1 MiB it prints 1024.0 KiB.
  assert.equal(L.formatBytes(1048575), '1024.0 KiB');
});

test('formatBytes rounds an exact tie to even, like fmt "{:.1f}" (toFixed would round up)', () => {
  assert.equal(L.formatBytes(1280), '1.2 KiB');   // 1.25 KiB
  assert.equal(L.formatBytes(1792), '1.8 KiB');   // 1.75 KiB
  assert.equal(L.formatBytes(2816), '2.8 KiB');   // 2.75 KiB
  assert.equal(L.formatBytes(1.25 * 1024 ** 2), '1.2 MiB');
  assert.equal(L.formatBytes(1281), '1.3 KiB');   // just above the tie
  assert.equal(L.formatBytes(1279), '1.2 KiB');
});

test('formatBytesDelta and formatCountDelta carry a sign', () => {
  assert.equal(L.formatBytesDelta(918968), '+897.4 KiB');
  assert.equal(L.formatBytesDelta(-144), '-144 B');
  assert.equal(L.formatBytesDelta(0), '0 B');
  assert.equal(L.formatCountDelta(4000), '+4000');
  assert.equal(L.formatCountDelta(-715), '-715');
  assert.equal(L.formatCountDelta(0), '0');
});

test('formatPercent, formatDistance and formatId', () => {
  assert.equal(L.formatPercent(1242784, 5947071), '20.9%');
  assert.equal(L.formatPercent(1, 0), '–');
  assert.equal(L.formatDistance(8), '8');
  assert.equal(L.formatDistance(100000003), 'system 3');
  assert.equal(L.formatDistance(-5), 'unreachable');
  assert.equal(L.formatId(35625), '@35625');
  assert.equal(L.formatId(null), '');
});

test('sortRows: by value, ties by name, then by original order; missing values first', () => {
  const rows = [{ name: 'b', v: 2 }, { name: 'a', v: 2 }, { name: 'c', v: 9 }, { name: 'd' }, { name: 'a', v: 2, x: 1 }];
  assert.deepEqual(L.sortRows(rows, (r) => r.v, true).map((r) => r.name + (r.x || '')),
    ['c', 'a', 'a1', 'b', 'd']);
  assert.deepEqual(L.sortRows(rows, (r) => r.v, false).map((r) => r.name + (r.x || '')),
    ['d', 'a', 'a1', 'b', 'c']);
  assert.deepEqual(L.sortRows([{ name: 'B' }, { name: 'a' }], (r) => r.name, false).map((r) => r.name), ['a', 'B']);
  assert.notEqual(L.sortRows(rows, (r) => r.v, true), rows, 'a copy');
});

test('filterRows: every word, case-insensitive; @id matches the id exactly', () => {
  const rows = [{ id: 1, name: 'RequestContext' }, { id: 12, name: 'Map' }, { id: 123, name: 'Request' }];
  const text = (r) => r.name;
  assert.deepEqual(L.filterRows(rows, 'request', text).map((r) => r.id), [1, 123]);
  assert.deepEqual(L.filterRows(rows, 'REQUEST context', text).map((r) => r.id), [1]);
  assert.deepEqual(L.filterRows(rows, '@12', text).map((r) => r.id), [12]);
  assert.deepEqual(L.filterRows(rows, '  ', text).length, 3);
});

// The dominators --json example of docs/commands.md.
const example = [
  { id: 92057, parent_id: null, depth: 0, name: 'Map', type: 'object', self_size: 229448, retained_size: 1216840,
    dominated_count: 1, expanded: true, smaller: { count: 0, self_size: 0, retained_size: 0, top_class: null } },
  { id: 133291, parent_id: 92057, depth: 1, name: '(array)', type: 'array', self_size: 0, retained_size: 987392,
    dominated_count: 4301, expanded: true, smaller: { count: 4301, self_size: 309816, retained_size: 987392,
      top_class: { name: 'RequestContext', count: 4300, retained_size: 986168 } } },
];

test('buildDominatorTree links children to parents; folded rests become `smaller`', () => {
  const root = L.buildDominatorTree(example);
  assert.equal(root.id, 92057);
  assert.equal(root.smaller, null);
  assert.equal(root.children.length, 1);
  assert.equal(root.children[0].parent, root);
  assert.equal(root.children[0].smaller.count, 4301);
  assert.deepEqual(L.treemapItems(root).map((i) => [i.smaller, i.value]), [[false, 987392]]);
  assert.deepEqual(L.treemapItems(root.children[0]).map((i) => [i.smaller, i.value]), [[true, 987392]]);
  assert.equal(L.buildDominatorTree([]), null);
});

test('buildDominatorTree is iterative: a chain 100000 deep', () => {
  const chain = [];
  for (let i = 0; i < 100000; ++i) {
    chain.push({ id: i + 1, parent_id: i === 0 ? null : i, depth: i, name: 'n', retained_size: 100000 - i, self_size: 1 });
  }
  let node = L.buildDominatorTree(chain);
  let depth = 0;
  while (node.children.length) { node = node.children[0]; ++depth; }
  assert.equal(depth, 99999);
});

test('squarify: areas proportional to values, inside the rectangle, no overlaps', () => {
  const values = [500, 250, 120, 60, 40, 20, 6, 3, 1];
  const items = values.map((value) => ({ value }));
  const total = 1200;  // more than the sum (1000): the remainder stays empty
  const rects = L.squarify(items, 10, 20, 300, 200, total);
  assert.equal(rects.length, values.length);
  for (const r of rects) {
    assert.ok(Math.abs(r.w * r.h - (r.item.value / total) * 300 * 200) < 1e-6, 'area');
    assert.ok(r.x >= 10 - 1e-9 && r.y >= 20 - 1e-9 && r.x + r.w <= 310 + 1e-9 && r.y + r.h <= 220 + 1e-9, 'inside');
  }
  for (let i = 0; i < rects.length; ++i) {
    for (let j = i + 1; j < rects.length; ++j) {
      const a = rects[i];
      const b = rects[j];
      const overlapX = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const overlapY = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      assert.ok(overlapX <= 1e-9 || overlapY <= 1e-9, `rects ${i} and ${j} overlap`);
    }
  }
  // Squarified: the big items are not slivers.
  const big = rects[0];
  assert.ok(Math.max(big.w / big.h, big.h / big.w) < 3);
  assert.deepEqual(L.squarify(items, 0, 0, 0, 100), []);
  assert.deepEqual(L.squarify([], 0, 0, 100, 100), []);
});

test('parseRetainerPath splits holder, edges and the object with its id', () => {
  const p = L.parseRetainerPath('global → clearTimeout → context → table → 7736 → RequestContext @119231');
  assert.equal(p.holder, 'global');
  assert.deepEqual(p.edges, ['clearTimeout', 'context', 'table', '7736']);
  assert.deepEqual(p.target, { name: 'RequestContext', id: 119231 });
  assert.deepEqual(L.parseRetainerPath('global → [] → RequestContext').target, { name: 'RequestContext', id: null });
  assert.equal(L.parseRetainerPath(''), null);
});

test('niceTicks: round steps covering the maximum', () => {
  assert.deepEqual(L.niceTicks(4300, 3), [0, 2000, 4000, 6000]);
  assert.deepEqual(L.niceTicks(5947071, 3, 1024), [0, 2097152, 4194304, 6291456]);
  assert.deepEqual(L.niceTicks(3, 3), [0, 1, 2, 3]);
  assert.deepEqual(L.niceTicks(0, 3), [0, 1]);
});

test('escapeHtml and baseName', () => {
  assert.equal(L.escapeHtml('<a href="x">&\'</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  assert.equal(L.baseName('/work/x/3.heapsnapshot.gz'), '3.heapsnapshot.gz');
  assert.equal(L.baseName('plain'), 'plain');
});
