// heapsnap HTML report: the page's logic that does not touch the DOM (formatting, sorting,
// filtering, tree building, treemap layout, chart scales). Loaded by the page as a plain script
// (it defines window.HeapsnapLib) and by node's test runner as a CommonJS module
// (tests/html/*.test.js), so everything here is tested without a browser.
(function (root) {
  'use strict';

  const kUnits = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

  // "812 B", "1.5 KiB", "12.3 MiB": the CLI's format_bytes (src/util/byte_units.cpp) exactly.
  // The CLI prints the exact quotient with one decimal and rounds a tie to even (fmt's "{:.1f}");
  // JavaScript's toFixed rounds ties up, so the tenths are computed in integers here.
  function formatBytes(bytes) {
    if (typeof bytes !== 'number' || !isFinite(bytes)) return '–';
    if (bytes < 0) return '-' + formatBytes(-bytes);
    if (bytes < 1024) return Math.round(bytes) + ' B';
    let divisor = 1024;
    let unit = 0;
    while (bytes / divisor >= 1024 && unit < kUnits.length - 1) {
      divisor *= 1024;
      ++unit;
    }
    let tenths;
    const scaled = bytes * 10;
    if (Number.isSafeInteger(scaled)) {
      tenths = Math.floor(scaled / divisor);
      const rest = scaled - tenths * divisor;  // exact: divisor is a power of two
      if (rest * 2 > divisor || (rest * 2 === divisor && tenths % 2 === 1)) ++tenths;
    } else {
      tenths = Math.round(scaled / divisor);
    }
    return Math.floor(tenths / 10) + '.' + (tenths % 10) + ' ' + kUnits[unit];
  }

  // "+12.3 MiB", "-812 B", "0 B": the CLI's format_bytes_delta.
  function formatBytesDelta(delta) {
    if (delta === 0) return '0 B';
    return (delta < 0 ? '-' : '+') + formatBytes(Math.abs(delta));
  }

  function formatCount(n) {
    return typeof n === 'number' && isFinite(n) ? String(n) : '–';
  }

  function formatCountDelta(n) {
    if (n === 0) return '0';
    return (n > 0 ? '+' : '') + formatCount(n);
  }

  // "20.9%" of `whole`, one decimal like the CLI's "% of heap".
  function formatPercent(part, whole) {
    if (!whole) return '–';
    return ((100 * part) / whole).toFixed(1) + '%';
  }

  // Raw distances as in summary --json: DevTools puts objects reachable only from GC roots at
  // 100000000 and more, unreachable ones below 0.
  const kSystemDistance = 100000000;
  function formatDistance(d) {
    if (typeof d !== 'number') return '–';
    if (d < 0) return 'unreachable';
    if (d >= kSystemDistance) return 'system ' + (d - kSystemDistance);
    return String(d);
  }

  // "@1234": how heapsnap paths/inspect take an object id.
  function formatId(id) {
    return id === null || id === undefined ? '' : '@' + id;
  }

  // Sorts rows (a copy) by `get(row)`, descending or ascending, with the name (then the original
  // order) as a tiebreak so that the result is deterministic. Strings compare case-insensitively.
  function sortRows(rows, get, descending, name) {
    const nameOf = name || ((r) => (r && r.name !== undefined ? String(r.name) : ''));
    const indexed = rows.map((row, index) => ({ row, index, value: get(row) }));
    const sign = descending ? -1 : 1;
    indexed.sort((a, b) => {
      const c = compareValues(a.value, b.value);
      if (c !== 0) return sign * c;
      const n = compareValues(nameOf(a.row), nameOf(b.row));
      return n !== 0 ? n : a.index - b.index;
    });
    return indexed.map((e) => e.row);
  }

  function compareValues(a, b) {
    const aMissing = a === null || a === undefined;
    const bMissing = b === null || b === undefined;
    if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? -1 : 1;
    if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
    const sa = String(a).toLowerCase();
    const sb = String(b).toLowerCase();
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }

  // Rows whose text fields contain every word of `query` (case-insensitive). A word "@123" (or
  // "123" when a row has that id) matches the object id exactly.
  function filterRows(rows, query, textOf) {
    const words = String(query || '').toLowerCase().split(/\s+/).filter((w) => w.length > 0);
    if (words.length === 0) return rows.slice();
    return rows.filter((row) => {
      const text = textOf(row).toLowerCase();
      return words.every((w) => {
        if (/^@\d+$/.test(w)) return row.id !== undefined && '@' + row.id === w;
        return text.includes(w);
      });
    });
  }

  // Builds a tree from dominators --json objects (preorder, flat, each with parent_id). Every
  // node gets `children` (shown objects, biggest first as listed) and `smaller` (the folded
  // rest, or null). Iterative: a chain thousands deep is fine. Objects whose parent is not in
  // the list become roots; the first root is returned (with `roots` holding all of them).
  function buildDominatorTree(objects) {
    const byId = new Map();
    const nodes = objects.map((o) => {
      const node = Object.assign({}, o, { children: [] });
      if (!node.smaller || !node.smaller.count) node.smaller = null;
      byId.set(o.id, node);
      return node;
    });
    const roots = [];
    for (const node of nodes) {
      const parent = node.parent_id === null || node.parent_id === undefined
        ? undefined : byId.get(node.parent_id);
      if (parent && parent !== node) {
        parent.children.push(node);
        node.parent = parent;
      } else {
        roots.push(node);
      }
    }
    const root = roots.length > 0 ? roots[0] : null;
    if (root) root.roots = roots;
    return root;
  }

  // The pieces drawn for one treemap level: the node's shown children, then its folded rest
  // ("[N smaller]"), each with a `value` (retained size). The node's self size is left as the
  // empty part of its rectangle, so every area is proportional to bytes.
  function treemapItems(node) {
    const items = node.children.map((c) => ({ node: c, value: c.retained_size, smaller: false }));
    if (node.smaller && node.smaller.retained_size > 0) {
      items.push({ node, value: node.smaller.retained_size, smaller: true });
    }
    return items.filter((i) => i.value > 0);
  }

  // Squarified treemap (Bruls, Huizing, van Wijk, "Squarified Treemaps", 2000): lays `items`
  // (objects with a numeric `value`, biggest first) into the rectangle so that areas are
  // proportional to value out of `total` (>= the sum; the remainder stays empty at the end) and
  // rectangles stay close to square. Returns [{item, x, y, w, h}].
  function squarify(items, x, y, w, h, total) {
    const sum = items.reduce((s, i) => s + i.value, 0);
    const whole = Math.max(total || sum, sum);
    const out = [];
    if (w <= 0 || h <= 0 || whole <= 0) return out;
    const scale = (w * h) / whole;
    const areas = items.map((i) => i.value * scale);
    let rect = { x, y, w, h };
    let start = 0;
    while (start < items.length) {
      const side = Math.min(rect.w, rect.h);
      if (side <= 0) break;
      let end = start + 1;
      let rowSum = areas[start];
      let best = worstRatio(areas, start, end, rowSum, side);
      while (end < items.length) {
        const nextSum = rowSum + areas[end];
        const ratio = worstRatio(areas, start, end + 1, nextSum, side);
        if (ratio > best) break;
        best = ratio;
        rowSum = nextSum;
        ++end;
      }
      // Lay the row along the shorter side.
      const thickness = rowSum / side;
      let offset = 0;
      for (let i = start; i < end; ++i) {
        const length = thickness > 0 ? areas[i] / thickness : 0;
        if (rect.w >= rect.h) {
          out.push({ item: items[i], x: rect.x, y: rect.y + offset, w: thickness, h: length });
        } else {
          out.push({ item: items[i], x: rect.x + offset, y: rect.y, w: length, h: thickness });
        }
        offset += length;
      }
      rect = rect.w >= rect.h
        ? { x: rect.x + thickness, y: rect.y, w: rect.w - thickness, h: rect.h }
        : { x: rect.x, y: rect.y + thickness, w: rect.w, h: rect.h - thickness };
      start = end;
    }
    return out;
  }

  function worstRatio(areas, start, end, sum, side) {
    let max = 0;
    let min = Infinity;
    for (let i = start; i < end; ++i) {
      max = Math.max(max, areas[i]);
      min = Math.min(min, areas[i]);
    }
    if (sum <= 0 || min <= 0) return Infinity;
    const s2 = side * side;
    const sum2 = sum * sum;
    return Math.max((s2 * max) / sum2, sum2 / (s2 * min));
  }

  // Splits a retainer path as diff/gate print it ("global → clearTimeout → … → RequestContext
  // @119231") into its holder, the edge names in between, and the retained object (with its id
  // when the text gives one).
  function parseRetainerPath(text) {
    const parts = String(text || '').split(' → ');
    if (parts.length === 0 || parts[0] === '') return null;
    const last = parts[parts.length - 1];
    const m = /^(.*) @(\d+)$/.exec(last);
    const target = m ? { name: m[1], id: Number(m[2]) } : { name: last, id: null };
    return {
      holder: parts[0],
      edges: parts.slice(1, parts.length - 1),
      target: parts.length > 1 ? target : null,
    };
  }

  // Round tick values for an axis from 0 to at least `max`: [0, step, 2 step, ...], about `count`
  // of them. Steps are whole numbers: 1, 2 or 5 times a power of ten, or for bytes (`base` 1024)
  // a power of two, so byte ticks read as whole KiB/MiB.
  function niceTicks(max, count, base) {
    if (!(max > 0)) return [0, 1];
    const raw = max / Math.max(1, count || 4);
    let step = 1;
    if (base === 1024) {
      while (step < raw) step *= 2;
    } else {
      let power = 1;
      while (power * 10 <= raw) power *= 10;
      step = power;
      for (const m of [1, 2, 5, 10]) {
        step = power * m;
        if (step >= raw) break;
      }
    }
    const ticks = [0];
    while (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
    return ticks;
  }

  // Escapes text for HTML element content and attribute values.
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({
      '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
    })[c]);
  }

  // The last path component of a file name (the page shows full paths in tooltips only).
  function baseName(path) {
    const s = String(path || '');
    const i = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
    return i >= 0 ? s.slice(i + 1) : s;
  }

  const api = {
    formatBytes, formatBytesDelta, formatCount, formatCountDelta, formatPercent, formatDistance,
    formatId, sortRows, compareValues, filterRows, buildDominatorTree, treemapItems, squarify,
    parseRetainerPath, niceTicks, escapeHtml, baseName, kSystemDistance,
  };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  else root.HeapsnapLib = api;
})(typeof window !== 'undefined' ? window : this);
