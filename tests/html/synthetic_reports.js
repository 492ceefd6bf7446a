// Large report documents for measuring the page (docs/html-report.md, "Limits"), shaped like
// the real ones: a summary of a heap with 30 000 constructors and the biggest dominator_tree the
// documented aggregation allows (8 levels, children under 0.1% of the heap folded: at most 1000
// objects per level, 8000 in all), and a diff of 5 snapshots with 5000 constructors, 5000 sites and
// 10 suspects. Deterministic (a fixed-seed generator).
'use strict';

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const kTypes = ['object', 'closure', 'array', 'string', 'code', 'hidden', 'native'];

function largeSummary() {
  const random = rng(7);
  const total = 12 * 1024 ** 3;  // a 12 GiB heap
  const constructors = [];
  for (let i = 0; i < 30000; ++i) {
    const count = 1 + Math.floor(random() ** 3 * 2e6);
    const self = count * (16 + Math.floor(random() * 200));
    constructors.push({ key: `${i % 97},${i},${i % 13},Class${i}`, name: `Class${i}`, count, self_size: self,
      retained_size: self + Math.floor(random() * self * 3), distance: 2 + Math.floor(random() * 12) });
  }
  constructors.sort((a, b) => b.retained_size - a.retained_size || (a.name < b.name ? -1 : 1));
  // The tree at the documented bound: with children under 0.1% of the heap folded, a level holds
  // at most 1000 objects (their retained sizes are disjoint); here the root has 100 children,
  // each of those 10, and each of those a chain down to depth 8: 7101 objects.
  const minSize = Math.floor(total / 1000);
  let nextId = 1;
  const node = (parent, depth, name, type, self, retained) => ({ id: nextId += 2, parent_id: parent ? parent.id : null,
    depth, name, type, self_size: self, retained_size: retained, dominated_count: 0, expanded: depth < 8,
    smaller: { count: 0, self_size: 0, retained_size: 0, top_class: null }, kids: [] });
  const root = node(null, 0, '(root)', 'synthetic', 0, total);
  let level = [root];
  for (let depth = 1; depth <= 8; ++depth) {
    const next = [];
    const fanout = depth === 1 ? 100 : depth === 2 ? 10 : 1;
    for (const parent of level) {
      const budget = parent.retained_size - parent.self_size;
      const size = Math.floor(budget / fanout);
      for (let k = 0; k < fanout; ++k) {
        const self = depth < 8 ? Math.floor(random() * (size - minSize) * 0.3) : size;
        parent.kids.push(node(parent, depth, `Class${Math.floor(random() * 30000)}`,
          kTypes[Math.floor(random() * kTypes.length)], Math.max(0, self), size));
      }
      const rest = budget - size * fanout;
      if (rest > 0) {
        const count = 1 + Math.floor(random() * 1000);
        parent.smaller = { count, self_size: Math.floor(rest / 3), retained_size: rest,
          top_class: { name: `Class${Math.floor(random() * 30000)}`, count: Math.ceil(count / 2),
            retained_size: Math.floor(rest / 2) } };
      }
      parent.dominated_count = parent.kids.length + parent.smaller.count;
      next.push(...parent.kids);
    }
    level = next;
  }
  // Preorder, children biggest first, as dominators --json lists them.
  const objects = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop();
    const kids = n.kids.sort((a, b) => b.retained_size - a.retained_size);
    delete n.kids;
    objects.push(n);
    for (let i = kids.length - 1; i >= 0; --i) stack.push(kids[i]);
  }
  const share = (f) => Math.floor(total * f);
  return { schema_version: 1, kind: 'heapsnap-summary', file: '/synthetic/12GiB.heapsnapshot',
    node_count: 22000000, edge_count: 67000000, total_size: total,
    statistics: { total, code: share(0.1), strings: share(0.2), js_arrays: share(0.05),
      typed_arrays: share(0.05), system: share(0.1), other_js_objects: total - share(0.1) - share(0.2) -
        share(0.05) - share(0.05) - share(0.1) - share(0.05), other_non_js_objects: share(0.05),
      v8heap_total: share(0.95), native_total: total - share(0.95) },
    constructors, dominator_tree: { depth: 8, min_size: minSize, objects } };
}

function largeDiff() {
  const random = rng(11);
  const n = 5;
  const grow = (base, step) => Array.from({ length: n }, (_, i) => Math.max(0, Math.floor(base + i * step)));
  const group = (name, key, site) => {
    const count = Math.floor(random() * 100000);
    const step = Math.floor((random() - 0.4) * 5000);
    const counts = grow(count, step);
    const per = 16 + Math.floor(random() * 100);
    const sizes = counts.map((c) => c * per);
    const retained = sizes.map((s) => s * 2);
    const steps = counts.slice(1).map((c, i) => ({ count_delta: c - counts[i], size_delta: sizes[i + 1] - sizes[i],
      new: Math.max(0, c - counts[i]) + 10, deleted: Math.max(0, counts[i] - c) + 10,
      allocated_size: Math.max(0, sizes[i + 1] - sizes[i]) + 10 * per, freed_size: 10 * per }));
    return { key, name, site, v8_internal: false, counts, sizes, retained, steps,
      count_delta: counts[n - 1] - counts[0], size_delta: sizes[n - 1] - sizes[0],
      retained_delta: retained[n - 1] - retained[0], grows_every_step: step > 0,
      survivors: { count: Math.max(0, step), size: Math.max(0, step) * per } };
  };
  const groups = [];
  const sites = [];
  for (let i = 0; i < 5000; ++i) {
    const site = `Class${i} (/srv/app/module${i % 300}.js:${i % 900}:${i % 80})`;
    groups.push(Object.assign(group(`Class${i}`, `${i % 97},${i},3,Class${i}`, site)));
    const s = group(site, site, undefined);
    delete s.site; delete s.v8_internal;
    sites.push(s);
  }
  const path = (i) => `global → app → caches → byUser${i} → table → [] → Session`;
  const suspects = Array.from({ length: 10 }, (_, i) => {
    const g = groups[i];
    return { name: `Class${i}`, key: g.key, site: g.site, sites: [{ site: g.site, objects: 2000 }],
      counts: grow(1000, 2000 + i * 100), sizes: grow(72000, 144000), grows_every_step: true,
      survivors: { count: 2000, size: 144000 }, retained_growth: 918968 * (10 - i),
      related: ['(string)', 'Array'], paths: [
        { signature: path(i), example: path(i).replace('[]', '[4711]') + ` @${100000 + i}`, objects: 40 },
        { signature: `global → timers → [] → _idleNext → Session`, example: `global → timers → [3] → _idleNext → Session @${200000 + i}`, objects: 8 }],
      paths_sampled: 48 };
  });
  return { schema_version: 1, kind: 'heapsnap-diff',
    snapshots: Array.from({ length: n }, (_, i) => ({ label: `/synthetic/${i + 1}.heapsnapshot`, node_count: 22000000 + i * 500000,
      edge_count: 67000000, total_size: 12 * 1024 ** 3 + i * 300 * 1024 ** 2, objects: 21000000 + i * 500000,
      max_js_id: 90000000 + i * 1000000, allocation_stacks: false })),
    ids_comparable: true, identity: [], notes: ['synthetic report for measuring the page'], suspects,
    groups, groups_omitted: 0, sites, sites_omitted: 0 };
}

module.exports = { largeSummary, largeDiff };
