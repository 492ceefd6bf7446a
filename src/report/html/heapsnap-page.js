// heapsnap HTML report: draws the command's JSON document (embedded in the page as
// <script type="application/json" id="heapsnap-data">) for people. One view per command kind
// (body[data-kind]); charts are SVG written here (no library). Logic without DOM lives in
// heapsnap-lib.js and is unit-tested under node. When drawing is done the page sets
// window.heapsnapReport.ready and the performance mark "heapsnap-ready" (the browser test waits
// for them and measures the time to it).
(function () {
  'use strict';
  const L = window.HeapsnapLib;
  const SVG = 'http://www.w3.org/2000/svg';
  const kPageRows = 100;  // table rows drawn at once; "show more" adds as many again

  // --- DOM helpers ------------------------------------------------------------------------------

  // el('div', {class: 'x', onclick: f}, child, 'text', ...)
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }
  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  function append(node, children) {
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      node.appendChild(typeof c === 'string' || typeof c === 'number'
        ? document.createTextNode(String(c)) : c);
    }
  }
  function svgTitle(text) { return svg('title', { text }); }

  function section(title, id, ...children) {
    return el('section', { class: 'card', id }, title ? el('h2', { text: title }) : null, children);
  }
  function objectRef(name, id) {
    return el('span', { class: 'obj' }, el('span', { class: 'obj-name', text: name }),
      id !== null && id !== undefined ? el('span', { class: 'obj-id', text: ' ' + L.formatId(id),
        title: 'heapsnap inspect FILE --id ' + L.formatId(id) }) : null);
  }
  function fileLabel(path) {
    return el('span', { class: 'file', title: path, text: L.baseName(path) });
  }
  function facts(rows) {  // [[label, value node or text]] as a definition list
    return el('dl', { class: 'facts' },
      rows.filter((r) => r).map(([k, v]) => [el('dt', { text: k }), el('dd', {}, v)]));
  }
  function notes(list) {
    if (!list || list.length === 0) return null;
    return el('ul', { class: 'notes' }, list.map((n) => el('li', { text: n })));
  }

  // --- Sortable, filterable table ---------------------------------------------------------------

  // columns: [{key, label, value(row) (sorting and data-value), text(row)?, numeric?, title(row)?,
  //            bar(row) -> 0..1?, cell(row) -> node?, searchable?}]
  function dataTable(spec) {
    const columns = spec.columns;
    const byKey = new Map(columns.map((c) => [c.key, c]));
    const state = { sort: spec.sort.key, desc: spec.sort.desc, query: '', shown: kPageRows };
    const textOf = (row) => columns.filter((c) => c.searchable)
      .map((c) => (c.text ? c.text(row) : String(c.value(row)))).join(' ') +
      (row.id !== undefined ? ' @' + row.id : '');
    const thead = el('thead');
    const tbody = el('tbody');
    const status = el('span', { class: 'table-status' });
    const more = el('button', { class: 'more', type: 'button', onclick: () => {
      state.shown += kPageRows; draw();
    } });
    const filter = el('input', { type: 'search', class: 'filter', placeholder: 'Filter: name or @id',
      'aria-label': 'Filter ' + (spec.title || 'rows'), oninput: () => {
        state.query = filter.value; state.shown = kPageRows; draw();
      } });
    const sortBy = (c) => {
      if (state.sort === c.key) state.desc = !state.desc;
      else { state.sort = c.key; state.desc = !!c.numeric; }
      draw();
    };
    const headRow = el('tr', {}, columns.map((c) => el('th', {
      class: c.numeric ? 'num sortable' : 'sortable', 'data-key': c.key, title: c.help || 'Sort',
      tabindex: 0, onclick: () => sortBy(c),
      onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(c); } },
    }, c.label)));
    thead.appendChild(headRow);

    function draw() {
      const column = byKey.get(state.sort);
      const filtered = L.filterRows(spec.rows, state.query, textOf);
      const sorted = L.sortRows(filtered, column.value, state.desc);
      const visible = sorted.slice(0, state.shown);
      for (const th of headRow.children) {
        th.removeAttribute('aria-sort');
        if (th.dataset.key === state.sort) {
          th.setAttribute('aria-sort', state.desc ? 'descending' : 'ascending');
        }
      }
      const frag = document.createDocumentFragment();
      for (const row of visible) {
        const tr = el('tr', { 'data-id': row.id });
        for (const c of columns) {
          const value = c.value(row);
          const tone = c.tone ? Math.sign(c.value(row) || 0) : 0;
          const td = el('td', { class: [c.numeric ? 'num' : '', c.wrap ? 'wrap' : '',
            tone > 0 ? 'up' : tone < 0 ? 'down' : ''].join(' ').trim() || null, 'data-key': c.key,
            'data-value': typeof value === 'number' ? value : null,
            title: c.title ? c.title(row) : null });
          if (c.cell) td.appendChild(c.cell(row));
          else td.textContent = c.text ? c.text(row) : String(value);
          if (c.bar) {
            const f = Math.max(0, Math.min(1, c.bar(row) || 0));
            td.style.setProperty('--bar', (100 * f).toFixed(2) + '%');
            td.classList.add('bar');
          }
          tr.appendChild(td);
        }
        frag.appendChild(tr);
      }
      tbody.replaceChildren(frag);
      status.textContent = visible.length === spec.rows.length
        ? spec.rows.length + ' rows'
        : 'showing ' + visible.length + ' of ' + filtered.length +
          (filtered.length !== spec.rows.length ? ' matching (' + spec.rows.length + ' in all)' : '');
      more.hidden = visible.length >= sorted.length;
      more.textContent = 'Show ' + Math.min(kPageRows, sorted.length - visible.length) + ' more';
    }
    draw();
    return el('div', { class: 'table-block', 'data-table': spec.id },
      el('div', { class: 'table-tools' }, filter, status),
      el('div', { class: 'table-scroll' }, el('table', { class: 'data' }, thead, tbody)),
      more, spec.footer ? el('p', { class: 'table-footer', text: spec.footer }) : null);
  }

  // --- Charts -----------------------------------------------------------------------------------

  // A small line chart of one or more series over the snapshots. Points carry data-value.
  function seriesChart(spec) {
    const width = spec.width || 320;
    const height = spec.height || 150;
    const m = { left: 62, right: 26, top: 16, bottom: 24 };
    const n = spec.labels.length;
    const max = Math.max(1, ...spec.series.flatMap((s) => s.values));
    const ticks = L.niceTicks(max, 3, spec.bytes ? 1024 : 10);
    const top = ticks[ticks.length - 1];
    const x = (i) => m.left + (n <= 1 ? (width - m.left - m.right) / 2
      : (i * (width - m.left - m.right)) / (n - 1));
    const y = (v) => height - m.bottom - (v / top) * (height - m.top - m.bottom);
    const format = spec.bytes ? L.formatBytes : L.formatCount;
    const chart = svg('svg', { class: 'chart', width, height, viewBox: `0 0 ${width} ${height}`,
      role: 'img', 'aria-label': spec.title, 'data-chart': spec.id });
    for (const t of ticks) {
      chart.appendChild(svg('line', { class: 'grid', x1: m.left, x2: width - m.right, y1: y(t), y2: y(t) }));
      chart.appendChild(svg('text', { class: 'axis', x: m.left - 6, y: y(t) + 4, 'text-anchor': 'end',
        text: format(t) }));
    }
    spec.labels.forEach((label, i) => chart.appendChild(svg('text', { class: 'axis',
      x: x(i), y: height - 6, 'text-anchor': n > 1 && i === n - 1 ? 'end' : n > 1 && i === 0 ? 'start' : 'middle',
      dx: n > 1 && i === n - 1 ? 6 : n > 1 && i === 0 ? -6 : 0, text: label })));
    spec.series.forEach((s, si) => {
      const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      chart.appendChild(svg('polyline', { class: 'line s' + si, points, 'data-series': s.name }));
      s.values.forEach((v, i) => {
        chart.appendChild(svg('circle', { class: 'point s' + si, cx: x(i), cy: y(v), r: 3.5,
          'data-series': s.name, 'data-value': v },
        svgTitle(`${s.name}, ${spec.labels[i]}: ${format(v)}`)));
      });
    });
    // The last value, written out (the rest is in the tooltips and the tables).
    const last = spec.series[0].values[n - 1];
    chart.appendChild(svg('text', { class: 'value', x: x(n - 1) - 6, y: Math.max(12, y(last) - 8),
      'text-anchor': 'end', text: format(last) }));
    return el('figure', { class: 'chart-box' }, el('figcaption', { text: spec.title }), chart,
      spec.series.length > 1 ? el('div', { class: 'legend' }, spec.series.map((s, si) =>
        el('span', { class: 'key s' + si, text: s.name }))) : null);
  }

  // A tiny line in a table cell: the series' shape, its values in the tooltip.
  function sparkline(values, format) {
    const w = 64;
    const h = 18;
    const max = Math.max(1, ...values);
    const min = Math.min(...values);
    const span = max - min || 1;
    const x = (i) => (values.length <= 1 ? w / 2 : 2 + (i * (w - 4)) / (values.length - 1));
    const y = (v) => h - 3 - ((v - min) / span) * (h - 6);
    return svg('svg', { class: 'spark', width: w, height: h, viewBox: `0 0 ${w} ${h}` },
      svgTitle(values.map(format).join(' → ')),
      svg('polyline', { points: values.map((v, i) => `${x(i)},${y(v)}`).join(' ') }),
      svg('circle', { cx: x(values.length - 1), cy: y(values[values.length - 1]), r: 2 }));
  }

  // The heap by kind (summary's statistics) as one stacked bar and a legend table.
  function statisticsView(stats) {
    const kinds = [
      ['code', 'Code'], ['strings', 'Strings'], ['js_arrays', 'JS arrays'],
      ['typed_arrays', 'Typed arrays'], ['system', 'System objects'],
      ['other_js_objects', 'Other JS objects'], ['other_non_js_objects', 'Other non-JS objects'],
    ].filter(([k]) => typeof stats[k] === 'number');
    const total = stats.total || kinds.reduce((s, [k]) => s + Math.max(0, stats[k]), 0);
    const width = 720;
    const bar = svg('svg', { class: 'stack', viewBox: `0 0 ${width} 28`, preserveAspectRatio: 'none',
      'data-chart': 'statistics', role: 'img', 'aria-label': 'Heap by kind' });
    let x = 0;
    kinds.forEach(([k, label], i) => {
      const w = total > 0 ? (Math.max(0, stats[k]) / total) * width : 0;
      bar.appendChild(svg('rect', { class: 'k' + i, x, y: 0, width: w, height: 28, 'data-kind': k,
        'data-value': stats[k] }, svgTitle(`${label}: ${L.formatBytes(stats[k])} (${L.formatPercent(stats[k], total)})`)));
      x += w;
    });
    const table = el('table', { class: 'data compact', 'data-table': 'statistics' },
      el('thead', {}, el('tr', {}, el('th', { text: 'Kind' }), el('th', { class: 'num', text: 'Size' }),
        el('th', { class: 'num', text: '% of total' }))),
      el('tbody', {}, kinds.map(([k, label], i) => el('tr', { 'data-kind': k },
        el('td', {}, el('span', { class: 'swatch k' + i }), label),
        el('td', { class: 'num', 'data-value': stats[k], text: L.formatBytes(stats[k]) }),
        el('td', { class: 'num', text: L.formatPercent(stats[k], total) }))),
      el('tr', { class: 'total' }, el('td', { text: 'Total' }),
        el('td', { class: 'num', 'data-value': total, text: L.formatBytes(total) }),
        el('td', { class: 'num', text: '100.0%' }))));
    return el('div', { class: 'statistics' }, bar, table);
  }

  // --- Treemap of the dominator tree ------------------------------------------------------------

  const kTypeColors = ['object', 'closure', 'array', 'string', 'code', 'hidden', 'native',
    'synthetic', 'number', 'concatenated string', 'sliced string', 'regexp', 'symbol',
    'bigint', 'object shape'];
  function typeClass(type) {
    const i = kTypeColors.indexOf(type);
    return 't' + (i < 0 ? 'x' : i);
  }

  // tree: the root from L.buildDominatorTree; total: heap size (for "% of heap").
  function treemapView(tree, total, caption) {
    const width = 960;
    const height = 520;
    const crumbs = el('nav', { class: 'crumbs', 'aria-label': 'Treemap position' });
    const chart = svg('svg', { class: 'treemap', viewBox: `0 0 ${width} ${height}`,
      'data-chart': 'treemap', role: 'img', 'aria-label': 'Dominator tree treemap' });
    const info = el('p', { class: 'treemap-info' });
    const types = [...new Set(allNodes(tree).map((n) => n.type))].sort();
    const legend = el('div', { class: 'legend types' }, types.map((t) =>
      el('span', {}, svg('svg', { width: 10, height: 10, class: 'swatch-svg' }, svg('rect', { width: 10, height: 10, class: typeClass(t) })), ' ' + t)),
    el('span', {}, svg('svg', { width: 10, height: 10, class: 'swatch-svg' }, svg('rect', { width: 10, height: 10, class: 'rest' })), ' folded [N smaller]'));
    const box = el('div', { class: 'treemap-box' }, crumbs, chart, legend, info,
      el('p', { class: 'hint', text: caption }));

    function label(node) { return node.name + ' ' + L.formatId(node.id); }
    function allNodes(root) {
      const out = [];
      const stack = [root];
      while (stack.length) { const n = stack.pop(); out.push(n); stack.push(...n.children); }
      return out;
    }
    function describe(node, smaller) {
      if (smaller) {
        const s = node.smaller;
        const top = s.top_class ? `, mostly ${s.top_class.name} ×${s.top_class.count}` : '';
        return `[${s.count} smaller${top}] below ${label(node)}: retained ${L.formatBytes(s.retained_size)}` +
          ` (${L.formatPercent(s.retained_size, total)} of heap), self ${L.formatBytes(s.self_size)}`;
      }
      return `${label(node)} (${node.type}): retained ${L.formatBytes(node.retained_size)}` +
        ` (${L.formatPercent(node.retained_size, total)} of heap), self ${L.formatBytes(node.self_size)}` +
        `, dominates ${node.dominated_count}`;
    }

    function zoom(node) {
      crumbs.replaceChildren();
      const chain = [];
      for (let n = node; n; n = n.parent) chain.unshift(n);
      chain.forEach((n, i) => {
        if (i > 0) crumbs.appendChild(el('span', { class: 'sep', text: '›' }));
        crumbs.appendChild(n === node ? el('span', { class: 'here', text: label(n) })
          : el('button', { type: 'button', class: 'crumb', onclick: () => zoom(n), text: label(n) }));
      });
      chart.replaceChildren();
      chart.dataset.zoom = node.id;
      info.textContent = describe(node, false);
      drawLevel(node, 0, 0, width, height, 0);
    }

    // Draws `node`'s children into the rectangle; children big enough get their own children
    // drawn inside them, under a title strip.
    function drawLevel(node, x, y, w, h, depth) {
      const rects = L.squarify(L.treemapItems(node), x, y, w, h, node.retained_size);
      for (const r of rects) {
        const child = r.item.node;
        const smaller = r.item.smaller;
        const g = svg('g', { class: 'cell' + (smaller ? ' smaller' : ''), 'data-level': depth,
          'data-id': smaller ? null : child.id, 'data-value': r.item.value });
        const canZoom = !smaller && (child.children.length > 0 || child.smaller);
        g.appendChild(svg('rect', { x: r.x + 0.5, y: r.y + 0.5, width: Math.max(0, r.w - 1),
          height: Math.max(0, r.h - 1), class: smaller ? 'rest' : typeClass(child.type) + (depth ? ' inner' : '') },
        svgTitle(describe(child, smaller) + (canZoom ? '\nclick to zoom in' : ''))));
        const text = smaller ? `[${child.smaller.count} smaller]` : child.name;
        const strip = r.w > 60 && r.h > 34;
        if (r.w > 44 && r.h > 16) {
          g.appendChild(svg('text', { x: r.x + 4, y: r.y + 13, class: 'name',
            text: clip(text, (r.w - 8) / 7.4) }));
          if (r.h > 30 && r.w > 56) {
            g.appendChild(svg('text', { x: r.x + 4, y: r.y + 26, class: 'size',
              text: clip(L.formatBytes(r.item.value) + (smaller ? '' : ' ' + L.formatId(child.id)), (r.w - 8) / 6) }));
          }
        }
        if (canZoom) {
          g.classList.add('zoomable');
          g.addEventListener('click', (e) => { e.stopPropagation(); zoom(child); });
        }
        chart.appendChild(g);
        // Up to three levels at once, where there is room for them.
        if (!smaller && depth < 2 && strip && r.w > 120 && r.h > 80 && child.children.length > 0) {
          drawLevel(child, r.x + 3, r.y + 32, r.w - 6, r.h - 35, depth + 1);
        }
      }
    }
    function clip(s, chars) {
      const n = Math.max(0, Math.floor(chars));
      return s.length <= n ? s : n <= 1 ? '' : s.slice(0, n - 1) + '…';
    }
    zoom(tree);
    return box;
  }

  // --- Retainer path, drawn as a chain ----------------------------------------------------------

  function pathChain(text, objects) {
    const p = L.parseRetainerPath(text);
    if (!p) return null;
    const chain = el('ol', { class: 'chain', 'data-path': text });
    chain.appendChild(el('li', { class: 'holder' }, objectRef(p.holder, null)));
    for (const edge of p.edges) {
      chain.appendChild(el('li', { class: 'edge' }, el('span', { class: 'arrow', text: '→' }),
        el('span', { class: 'edge-name', text: edge })));
    }
    if (p.target) {
      chain.appendChild(el('li', { class: 'target' }, el('span', { class: 'arrow', text: '→' }),
        objectRef(p.target.name, p.target.id)));
    }
    return el('div', { class: 'path' }, objects ? el('span', { class: 'path-count',
      text: objects + '×' }) : null, chain);
  }

  // A path with its objects (paths --json steps: from_id, from_name, edge_type, edge_name, to_id):
  // every object with its @id, every edge with its name and type.
  function stepsChain(steps, target) {
    const chain = el('ol', { class: 'chain objects' });
    steps.forEach((step, i) => {
      chain.appendChild(el('li', { class: i === 0 ? 'holder' : 'via' }, i > 0 ? el('span', { class: 'arrow', text: '→' }) : null,
        objectRef(step.from_name, step.from_id)));
      chain.appendChild(el('li', { class: 'edge', title: step.edge_type + ' edge' },
        el('span', { class: 'arrow', text: '→' }), el('span', { class: 'edge-name', text: step.edge_name })));
    });
    chain.appendChild(el('li', { class: 'target' }, el('span', { class: 'arrow', text: '→' }),
      objectRef(target.name, target.id)));
    return el('div', { class: 'path' }, chain);
  }

  // --- Views ------------------------------------------------------------------------------------

  function header(title, subtitle, figures) {
    return el('header', { class: 'top' }, el('h1', {}, el('span', { class: 'brand', text: 'heapsnap' }),
      ' ' + title), subtitle ? el('p', { class: 'subtitle' }, subtitle) : null,
    figures ? el('div', { class: 'figures' }, figures.map(([k, v, cls]) =>
      el('div', { class: 'figure ' + (cls || '') }, el('div', { class: 'fig-value', text: v }),
        el('div', { class: 'fig-label', text: k })))) : null);
  }

  function distanceSortKey(d) {
    return typeof d !== 'number' ? Infinity : d < 0 ? 2 * L.kSystemDistance : d;
  }

  function constructorColumns(total, withKey) {
    return [
      { key: 'name', label: 'Constructor', value: (r) => r.name, searchable: true, wrap: true,
        title: (r) => (withKey && r.key ? 'class key ' + r.key : null) },
      { key: 'count', label: 'Objects', numeric: true, value: (r) => r.count, text: (r) => L.formatCount(r.count) },
      { key: 'distance', label: 'Distance', numeric: true, value: (r) => distanceSortKey(r.distance),
        text: (r) => L.formatDistance(r.distance) },
      { key: 'self_size', label: 'Self size', numeric: true, value: (r) => r.self_size,
        text: (r) => L.formatBytes(r.self_size) },
      { key: 'retained_size', label: 'Retained size', numeric: true, value: (r) => r.retained_size,
        text: (r) => L.formatBytes(r.retained_size) },
      { key: 'percent', label: '% of heap', numeric: true, value: (r) => r.retained_size,
        text: (r) => L.formatPercent(r.retained_size, total), bar: (r) => r.retained_size / total },
    ];
  }

  function treemapSection(doc, total) {
    const section_ = doc.dominator_tree;
    if (!section_ || !Array.isArray(section_.objects) || section_.objects.length === 0) {
      return section('Dominator tree', 'dominator-tree', el('p', { class: 'hint',
        text: 'This report has no dominator_tree section (see docs/html-report.md); ' +
          'heapsnap dominators FILE lists the tree.' }));
    }
    const tree = L.buildDominatorTree(section_.objects);
    return section('Dominator tree', 'dominator-tree', treemapView(tree, total,
      treemapCaption(section_)));
  }
  function treemapCaption(s) {
    return `Each rectangle is an object; its area is its retained size (what freeing it would free), ` +
      `the objects it alone keeps alive are drawn inside it. Click to zoom in. ${s.objects.length} objects ` +
      `shown: ${s.depth} levels, children under ${L.formatBytes(s.min_size)} folded into "[N smaller]".`;
  }

  function renderSummary(doc) {
    const total = doc.total_size;
    const rows = doc.constructors || [];
    return [
      header('summary', fileLabel(doc.file), [
        ['heap', L.formatBytes(total)], ['objects', L.formatCount(doc.node_count)],
        ['constructors', L.formatCount(rows.length)]]),
      doc.statistics ? section('Heap by kind', 'statistics', statisticsView(doc.statistics)) : null,
      treemapSection(doc, total),
      section('Constructors', 'constructors', dataTable({ id: 'constructors', title: 'constructors',
        rows, columns: constructorColumns(total, true), sort: { key: 'retained_size', desc: true },
        footer: 'Retained sizes of different constructors overlap (a Map retains its entries), ' +
          'so they do not add up to the heap.' })),
    ];
  }

  function renderTop(doc) {
    const total = doc.total_size;
    const rows = doc.rows || [];
    const byObject = doc.by !== 'constructor';
    const columns = byObject ? [
      { key: 'id', label: 'Id', numeric: true, value: (r) => r.id, text: (r) => L.formatId(r.id),
        searchable: true },
      { key: 'name', label: 'Object', value: (r) => r.name, searchable: true, wrap: true },
      { key: 'type', label: 'Type', value: (r) => r.type, searchable: true },
      { key: 'self_size', label: 'Self size', numeric: true, value: (r) => r.self_size,
        text: (r) => L.formatBytes(r.self_size) },
      { key: 'retained_size', label: 'Retained size', numeric: true, value: (r) => r.retained_size,
        text: (r) => L.formatBytes(r.retained_size) },
      { key: 'percent', label: '% of heap', numeric: true, value: (r) => r.retained_size,
        text: (r) => L.formatPercent(r.retained_size, total), bar: (r) => r.retained_size / total },
      { key: 'distance', label: 'Distance', numeric: true, value: (r) => distanceSortKey(r.distance),
        text: (r) => L.formatDistance(r.distance) },
    ] : constructorColumns(total, false);
    const others = doc.others && doc.others.count
      ? `[${doc.others.count} others] not listed: ${L.formatBytes(doc.others.self_size)} self size.` : null;
    return [
      header(`top ${byObject ? 'objects' : 'constructors'} by ${doc.sort === 'self' ? 'self' : 'retained'} size`,
        fileLabel(doc.file), [['heap', L.formatBytes(total)], ['objects', L.formatCount(doc.node_count)]]),
      section(byObject ? 'Objects' : 'Constructors', 'rows', dataTable({ id: 'rows', rows, columns,
        sort: { key: doc.sort === 'self' ? 'self_size' : 'retained_size', desc: true }, footer: others })),
      doc.dominator_tree ? treemapSection(doc, total) : null,
    ];
  }

  function renderDominators(doc) {
    const total = doc.total_size;
    const objects = doc.objects || [];
    const tree = L.buildDominatorTree(objects);
    const rows = objects.map((o) => Object.assign({}, o));
    const columns = [
      { key: 'order', label: 'Tree', value: (r) => r.order, wrap: true, cell: (r) => el('span', {
        class: 'tree-name', style: `padding-left:${Math.min(r.depth, 24) * 14}px` },
      r.depth > 24 ? `(depth ${r.depth}) ` : '', objectRef(r.name, r.id)) },
      { key: 'name', label: 'Object', value: (r) => r.name, text: (r) => r.name, searchable: true,
        hidden: true },
      { key: 'retained_size', label: 'Retained size', numeric: true, value: (r) => r.retained_size,
        text: (r) => L.formatBytes(r.retained_size) },
      { key: 'self_size', label: 'Self size', numeric: true, value: (r) => r.self_size,
        text: (r) => L.formatBytes(r.self_size) },
      { key: 'percent', label: '% of heap', numeric: true, value: (r) => r.retained_size,
        text: (r) => L.formatPercent(r.retained_size, total), bar: (r) => r.retained_size / total },
      { key: 'dominated_count', label: 'Dominates', numeric: true, value: (r) => r.dominated_count,
        text: (r) => L.formatCount(r.dominated_count) },
      { key: 'smaller', label: 'Folded', value: (r) => (r.smaller ? r.smaller.retained_size : 0),
        numeric: true, text: (r) => (r.smaller && r.smaller.count ? `[${r.smaller.count} smaller${
          r.smaller.top_class ? ', mostly ' + r.smaller.top_class.name + ' ×' + r.smaller.top_class.count : ''}] ${
          L.formatBytes(r.smaller.retained_size)}` : '') },
    ].filter((c) => !c.hidden);
    columns[0].searchable = true;
    columns[0].text = (r) => r.name;
    rows.forEach((r, i) => { r.order = i; });
    const start = tree ? tree.name + ' ' + L.formatId(tree.id) : '';
    return [
      header('dominators', fileLabel(doc.file), [['heap', L.formatBytes(total)],
        ['objects', L.formatCount(doc.node_count)], ['shown', L.formatCount(objects.length)]]),
      tree ? section('Dominator tree below ' + start, 'dominator-tree',
        treemapView(tree, total, treemapCaption(doc))) : null,
      section('Objects (tree order)', 'objects', dataTable({ id: 'objects', rows, columns,
        sort: { key: 'order', desc: false } })),
    ];
  }

  function snapshotLabels(doc) {
    return doc.snapshots.map((s, i) => '#' + (i + 1));
  }

  function renderDiff(doc) {
    const snaps = doc.snapshots || [];
    const labels = snapshotLabels(doc);
    const first = snaps[0];
    const last = snaps[snaps.length - 1];
    const growth = last && first ? last.total_size - first.total_size : 0;
    const suspects = doc.suspects || [];
    const out = [header('diff', `${snaps.length} snapshots` + (doc.ids_comparable
      ? ', objects matched by id (one process)' : ', compared by group only (ids do not match)'), [
      ['heap ' + labels[labels.length - 1], L.formatBytes(last ? last.total_size : 0)],
      ['heap growth', L.formatBytesDelta(growth), growth > 0 ? 'up' : ''],
      ['leak suspects', String(suspects.length), suspects.length ? 'bad' : 'good']])];
    out.push(section('Snapshots', 'snapshots',
      el('div', { class: 'row' },
        el('table', { class: 'data compact', 'data-table': 'snapshots' },
          el('thead', {}, el('tr', {}, ['#', 'File', 'Heap', 'Objects', 'Nodes'].map((h, i) =>
            el('th', { class: i >= 2 ? 'num' : null, text: h })))),
          el('tbody', {}, snaps.map((s, i) => el('tr', {},
            el('td', { text: labels[i] }), el('td', {}, fileLabel(s.label)),
            el('td', { class: 'num', 'data-value': s.total_size, text: L.formatBytes(s.total_size) }),
            el('td', { class: 'num', 'data-value': s.objects, text: L.formatCount(s.objects) }),
            el('td', { class: 'num', 'data-value': s.node_count, text: L.formatCount(s.node_count) }))))),
        seriesChart({ id: 'heap-size', title: 'Heap size', labels, bytes: true, width: 280,
          series: [{ name: 'heap', values: snaps.map((s) => s.total_size) }] }),
        seriesChart({ id: 'heap-objects', title: 'Objects', labels, width: 280,
          series: [{ name: 'objects', values: snaps.map((s) => s.objects) }] })),
      notes(doc.notes)));

    // Leak patterns (diff JSON "patterns"): by key, for the suspects they name.
    const patterns = doc.patterns || [];
    const patternOf = (key) => patterns.find((p) => p.key === key) || null;
    const patternWhere = (p) => {
      const l = p.location || {};
      if (!l.script && !l.line) return '';
      const where = L.baseName(l.script || '') + (l.line ? `:${l.line}:${l.column}` : '');
      return l.function ? `${l.function} at ${where}` : where;
    };
    const patternBytes = (p) => {
      const n = p.counts.length - 1;
      if (p.kind === 'duplicate-strings') return L.formatBytesDelta(p.wasted[n] - p.wasted[0]) + ' wasted';
      let text = L.formatBytesDelta(p.retained[n] - p.retained[0]) + ' retained';
      if (p.external[n] || p.external[0]) text += ', ' + L.formatBytesDelta(p.external[n] - p.external[0]) + ' off-heap';
      return text;
    };
    const patternFacts = (s) => {
      const p = s.pattern ? patternOf(s.pattern) : null;
      if (!p) return [];
      return [
        ['pattern', `${p.counts.map(L.formatCount).join(' → ')} (${p.kind})`],
        ['bytes', patternBytes(p)],
        patternWhere(p) ? ['code', el('code', { text: patternWhere(p) })] : null,
        p.holder_name ? [p.kind === 'timers' ? 'callback' : 'held by', objectRef(p.holder_name, p.holder_id)] : null,
        s.related_patterns && s.related_patterns.length ? ['same objects', el('ul', {},
          s.related_patterns.map((k) => patternOf(k)).filter((r) => r).map((r) =>
            el('li', {}, `${r.subject}: ${r.counts.map(L.formatCount).join(' → ')} (${r.kind})`)))] : null,
      ];
    };
    const suspectCards = suspects.map((s, i) => el('article', { class: 'suspect', 'data-suspect': s.name },
      el('h3', {}, `${i + 1}. `, el('span', { class: 'obj-name', text: s.name }),
        s.grows_every_step ? el('span', { class: 'badge bad', text: 'grows in every step' }) : null),
      el('div', { class: 'row' },
        seriesChart({ id: 'suspect-count-' + i, title: 'Objects', labels,
          series: [{ name: s.name, values: s.counts }] }),
        seriesChart({ id: 'suspect-size-' + i, title: s.class === false ? 'Retained' : 'Self size', labels, bytes: true,
          series: [{ name: s.name, values: s.sizes }] }),
        facts(s.class === false ? patternFacts(s) : [
          ...patternFacts(s),
          ['objects', s.counts.map(L.formatCount).join(' → ')],
          s.survivors ? ['survivors', `${L.formatCount(s.survivors.count)} (${L.formatBytes(s.survivors.size)}) ` +
            `allocated between #1 and #2, still alive in ${labels[labels.length - 1]}`] : null,
          ['retains', L.formatBytesDelta(s.retained_growth) + ' of objects allocated since #1'],
          ['allocated at', el('code', { text: s.site || '–' })],
          s.sites && s.sites.length > 1 ? ['sites', el('ul', {}, s.sites.map((x) =>
            el('li', {}, el('code', { text: x.site }), ` (${x.objects} objects)`)))] : null,
          s.related && s.related.length ? ['grows with', s.related.join(', ')] : null,
          ['class key', el('code', { text: s.key })],
        ])),
      s.paths && s.paths.length ? el('div', { class: 'paths' },
        el('h4', { text: `Retained by (${s.paths_sampled} sampled objects)` }),
        s.paths.map((p) => el('div', { class: 'path-group' },
          pathChain(p.signature, p.objects),
          el('div', { class: 'example' }, el('span', { class: 'eg', text: 'e.g.' }),
            // With the example's objects when the document has them (as paths --json does).
            Array.isArray(p.steps) && p.steps.length && L.parseRetainerPath(p.example).target
              ? stepsChain(p.steps, L.parseRetainerPath(p.example).target) : pathChain(p.example, 0)))))
        : el('p', { class: 'hint', text: 'No retainer path (the objects are not reachable by strong references).' })));
    out.push(section(`Leak suspects (${suspects.length})`, 'suspects',
      suspects.length ? suspectCards : el('p', { class: 'good-news', text: 'Leak suspects: none.' })));
    if (doc.has_patterns) {
      out.push(section(`Leak patterns (${patterns.length})`, 'patterns', patterns.length
        ? el('table', { class: 'data compact', 'data-table': 'patterns' },
          el('thead', {}, el('tr', {}, ['Detector', 'Pattern', 'Trend', ...labels, 'Bytes', 'Grows', 'Code'].map((h) =>
            el('th', { text: h })))),
          el('tbody', {}, patterns.map((p) => el('tr', { 'data-pattern': p.key, class: p.suspect ? 'suspect-row' : null },
            el('td', { text: p.kind }), el('td', { class: 'wrap', text: p.subject }),
            el('td', {}, sparkline(p.counts, L.formatCount)),
            ...p.counts.map((c, i) => el('td', { class: 'num', 'data-value': c, text: p.present[i] ? L.formatCount(c) : '–' })),
            el('td', { class: 'num', text: patternBytes(p) }),
            el('td', { text: p.suspect ? 'every step (suspect)' : p.grows_every_step ? 'every step' : '' }),
            el('td', {}, el('code', { text: patternWhere(p) }))))))
        : el('p', { class: 'good-news', text: 'The leak-pattern detectors found nothing.' })));
    }

    if (doc.groups) out.push(section('By constructor', 'groups', groupTable(doc, doc.groups, 'groups', true)));
    if (doc.sites) out.push(section('By allocation site', 'sites', groupTable(doc, doc.sites, 'sites', false)));
    return out;
  }

  function groupTable(doc, groups, id, byClass) {
    const labels = snapshotLabels(doc);
    const n = labels.length;
    const lastStep = (g) => (g.steps && g.steps.length ? g.steps[g.steps.length - 1] : null);
    const columns = [
      { key: 'name', label: byClass ? 'Constructor' : 'Allocation site', value: (g) => g.name,
        searchable: true, wrap: true, title: (g) => (byClass ? 'class key ' + g.key + (g.site ? '\nsite ' + g.site : '') : null) },
      { key: 'trend', label: 'Objects', value: (g) => g.counts[n - 1],
        numeric: true, cell: (g) => sparkline(g.counts, L.formatCount) },
      ...labels.map((label, i) => ({ key: 'count' + i, label, numeric: true, value: (g) => g.counts[i],
        text: (g) => L.formatCount(g.counts[i]) })),
      { key: 'new', label: n > 2 ? `new ${labels[n - 2]}→${labels[n - 1]}` : 'new', numeric: true,
        value: (g) => (lastStep(g) ? lastStep(g).new : 0), text: (g) => L.formatCountDelta(lastStep(g) ? lastStep(g).new : 0) },
      { key: 'deleted', label: 'deleted', numeric: true, value: (g) => (lastStep(g) ? lastStep(g).deleted : 0),
        text: (g) => L.formatCountDelta(-(lastStep(g) ? lastStep(g).deleted : 0)) },
      { key: 'count_delta', tone: true, label: 'Δ count', numeric: true, value: (g) => g.count_delta,
        text: (g) => L.formatCountDelta(g.count_delta) },
      { key: 'size_delta', tone: true, label: 'Δ self size', numeric: true, value: (g) => g.size_delta,
        text: (g) => L.formatBytesDelta(g.size_delta) },
      { key: 'retained_delta', tone: true, label: 'Δ retained', numeric: true, value: (g) => g.retained_delta,
        text: (g) => L.formatBytesDelta(g.retained_delta) },
      { key: 'grows', label: 'Grows', value: (g) => (g.grows_every_step ? 1 : 0),
        text: (g) => (g.grows_every_step ? 'every step' : ''), help: 'count grows in every step' },
    ];
    const omitted = doc[id + '_omitted'];
    return dataTable({ id, rows: groups, columns, sort: { key: 'size_delta', desc: true },
      footer: omitted ? `${omitted} more ${byClass ? 'constructors' : 'sites'} (smaller or ` +
        'unchanged) are not in the report; heapsnap diff -n N lists more.' : null });
  }

  function ruleFigures(r) {
    if (r.status === 'skipped' || r.baseline === undefined) return null;
    const bytes = (v) => L.formatBytes(v);
    switch (r.kind) {
      case 'total_growth_percent':
        return `${bytes(r.baseline)} → ${bytes(r.current)}: ${L.formatBytesDelta(r.growth)} ` +
          `(${r.growth >= 0 ? '+' : ''}${r.growth_percent.toFixed(1)}%), limit ${r.limit}%`;
      case 'total_growth_bytes':
      case 'group_growth':
        return `${bytes(r.baseline)} → ${bytes(r.current)}: ${L.formatBytesDelta(r.growth)}, ` +
          `limit +${bytes(r.limit)}`;
      case 'group_count_growth':
        return `${r.baseline} → ${r.current} objects: ${L.formatCountDelta(r.growth)}, limit +${r.limit}`;
      case 'suspect_size':
        return `${r.baseline} → ${r.current} objects, retained growth ${L.formatBytesDelta(r.growth)}, ` +
          `limit ${bytes(r.limit)}`;
      case 'no_suspects':
        return r.matched ? `${r.matched} suspect${r.matched === 1 ? '' : 's'}; top: ${r.baseline} → ` +
          `${r.current} objects, retained growth ${L.formatBytesDelta(r.growth)}` : 'no suspects';
      default:
        return null;
    }
  }

  // Growth against the limit: the bar is full at twice the limit, the tick marks the limit.
  function ruleMeter(r) {
    if (r.status === 'skipped' || !(r.limit > 0) || r.kind === 'no_suspects') return null;
    const growth = r.kind === 'total_growth_percent' ? r.growth_percent : r.growth;
    const f = Math.max(0, Math.min(1, growth / (2 * r.limit)));
    return el('div', { class: 'meter ' + r.status, title: 'growth against the limit (the tick)',
      'data-fraction': (growth / r.limit).toFixed(3) }, el('span', { class: 'fill', style: `width:${(100 * f).toFixed(1)}%` }),
    el('span', { class: 'limit' }));
  }

  function renderGate(doc) {
    const pass = doc.verdict === 'pass';
    const rules = doc.rules || [];
    const base = doc.baseline || {};
    const current = doc.current || [];
    const growth = doc.total_growth;
    const pct = base.total_size ? (100 * growth) / base.total_size : 0;
    const verdict = el('div', { class: 'verdict ' + (pass ? 'pass' : 'fail'), 'data-verdict': doc.verdict },
      el('span', { class: 'verdict-word', text: pass ? 'PASS' : 'FAIL' }),
      el('span', { class: 'verdict-detail', text: pass
        ? `${rules.length} rule${rules.length === 1 ? '' : 's'} passed` +
          (doc.skipped ? `, ${doc.skipped} skipped` : '')
        : `${doc.failed} of ${rules.length} rule${rules.length === 1 ? '' : 's'} failed` }));
    const totals = facts([
      ['baseline', [fileLabel(base.file), ` (${base.kind}): `, el('b', { text: L.formatBytes(base.total_size) })]],
      ['current', [fileLabel(current[current.length - 1] || ''), ': ',
        el('b', { text: L.formatBytes(doc.current_total_size) }),
        ` (${L.formatBytesDelta(growth)}, ${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%)`,
        current.length > 1 ? `, ${current.length + 1} snapshots in all` : '']],
    ]);
    const ruleList = el('ol', { class: 'rules' }, rules.map((r) => el('li', {
      class: 'rule ' + r.status, 'data-rule': r.id, 'data-status': r.status },
    el('span', { class: 'status ' + r.status, text: r.status.toUpperCase() }),
    el('div', { class: 'rule-body' },
      el('div', { class: 'rule-desc', text: r.description }),
      ruleFigures(r) ? el('div', { class: 'rule-figures', text: (r.group ? r.group + ': ' : '') + ruleFigures(r) }) : null,
      ruleMeter(r),
      r.offenders ? el('div', { class: 'rule-count', text: `${r.offenders} of ${r.matched} over the limit` }) : null,
      el('pre', { class: 'rule-message', text: r.message })))));
    const suspects = (doc.suspects || []).map((s, i) => el('article', { class: 'suspect', 'data-suspect': s.name },
      el('h3', {}, `${i + 1}. `, el('span', { class: 'obj-name', text: s.name })),
      facts([
        ['objects', `${L.formatCount(s.baseline_count)} → ${L.formatCount(s.count)} (${L.formatCountDelta(s.count - s.baseline_count)})`],
        ['survivors', `${L.formatCount(s.survivor_count)} (${L.formatBytes(s.survivor_size)})`],
        ['retained growth', L.formatBytesDelta(s.retained_growth)],
        ['allocated at', el('code', { text: s.site || '–' })],
        s.related && s.related.length ? ['grows with', s.related.join(', ')] : null,
      ]),
      s.retainer_path ? el('div', { class: 'paths' },
        el('h4', { text: `Retained by (${s.path_objects} of ${s.paths_sampled} sampled objects)` }),
        pathChain(s.retainer_path, s.path_objects)) : null));
    return [
      header('gate', null, null),
      verdict,
      section('Heap', 'totals', el('div', { class: 'row' }, totals,
        seriesChart({ id: 'gate-total', title: 'Total heap size', labels: ['baseline', 'current'], bytes: true,
          height: 120, series: [{ name: 'heap', values: [base.total_size, doc.current_total_size] }] }))),
      section('Rules', 'rules', ruleList,
        doc.default_rules ? el('p', { class: 'hint', text: 'No threshold given: the gate fails on any ' +
          'leak suspect (see heapsnap gate --help).' }) : null),
      doc.suspects && doc.suspects.length ? section(`Leak suspects (${doc.suspects.length})`, 'suspects', suspects) : null,
      doc.notes && doc.notes.length ? section('Notes', 'notes', notes(doc.notes)) : null,
    ];
  }

  // Any other document: its top-level figures, arrays of objects as tables, the rest as JSON.
  function renderGeneric(doc, kind) {
    const out = [header(kind || 'report', doc.file ? fileLabel(doc.file) : null, null)];
    const scalars = Object.entries(doc).filter(([, v]) => v === null || typeof v !== 'object');
    if (scalars.length) out.push(section('Figures', 'figures', facts(scalars.map(([k, v]) =>
      [k, /size|bytes/.test(k) && typeof v === 'number' ? `${L.formatBytes(v)} (${v})` : String(v)]))));
    for (const [k, v] of Object.entries(doc)) {
      if (Array.isArray(v) && v.length && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
        const keys = Object.keys(v[0]).filter((c) => v[0][c] === null || typeof v[0][c] !== 'object');
        const columns = keys.map((c) => ({ key: c, label: c, searchable: true,
          numeric: typeof v[0][c] === 'number', value: (r) => r[c],
          text: (r) => (c === 'id' ? L.formatId(r[c]) : /size|bytes/.test(c) && typeof r[c] === 'number'
            ? L.formatBytes(r[c]) : String(r[c])) }));
        out.push(section(k, 'list-' + k, dataTable({ id: k, rows: v, columns,
          sort: { key: keys[0], desc: false } })));
      } else if (v && typeof v === 'object') {
        out.push(section(k, 'json-' + k, el('pre', { class: 'json', text: JSON.stringify(v, null, 2) })));
      }
    }
    return out;
  }

  // Each view and the field it cannot do without; a document without it gets the generic view.
  function renderPaths(doc) {
    const t = doc.target || {};
    return [
      header('paths', fileLabel(doc.file), [['object', t.name + ' ' + L.formatId(t.id)],
        ['retained', L.formatBytes(t.retained_size)], ['self', L.formatBytes(t.self_size)],
        ['distance', L.formatDistance(t.distance)]]),
      section(`Retainer paths (${doc.paths.length})`, 'paths', doc.paths.length
        ? doc.paths.map((p, i) => el('div', { class: 'path-group', 'data-path-index': i },
          el('h4', { text: `${i + 1}. ${p.length} step${p.length === 1 ? '' : 's'}` }),
          Array.isArray(p.steps) && p.steps.length ? stepsChain(p.steps, t) : pathChain(p.text, 0)))
        : el('p', { class: 'hint', text: 'No retainer path: the object is held only by weak references, or not reachable.' })),
    ];
  }

  const kViews = {
    summary: [renderSummary, 'constructors'], top: [renderTop, 'rows'],
    dominators: [renderDominators, 'objects'], diff: [renderDiff, 'snapshots'],
    suspects: [renderDiff, 'snapshots'], gate: [renderGate, 'rules'], paths: [renderPaths, 'paths'],
  };
  const kDocumentKinds = { 'heapsnap-diff': 'diff', 'heapsnap-gate': 'gate', 'heapsnap-summary': 'summary' };

  function main() {
    const app = document.getElementById('app');
    const kind = document.body.dataset.kind;
    let doc;
    try {
      doc = JSON.parse(document.getElementById('heapsnap-data').textContent);
    } catch (e) {
      app.replaceChildren(el('p', { class: 'error', text: 'heapsnap: the report data is not valid JSON: ' + e.message }));
      throw e;
    }
    performance.mark('heapsnap-parsed');
    const entry = kViews[kind] || kViews[kDocumentKinds[doc.kind]];
    const view = entry && Array.isArray(doc[entry[1]]) ? entry[0] : null;
    document.title = 'heapsnap ' + kind + (doc.file ? ' — ' + L.baseName(doc.file) : '');
    let parts;
    try {
      parts = view ? view(doc) : renderGeneric(doc, kind);
    } catch (e) {
      // A document this page does not know how to draw: say so (the browser test fails on it),
      // and still show what it holds.
      console.error('heapsnap: cannot draw this ' + kind + ' report: ' + e.message);
      parts = [el('p', { class: 'error', text: 'heapsnap: cannot draw this report as ' + kind +
        ' (' + e.message + '); its contents:' })].concat(renderGeneric(doc, kind));
    }
    app.replaceChildren(...parts.filter((x) => x));
    app.appendChild(el('footer', {}, 'heapsnap ' + kind + ' report, schema_version ' +
      doc.schema_version + '. Object ids (', el('code', { text: '@1234' }), ') work with ',
      el('code', { text: 'heapsnap paths FILE --id @1234' }), ' and ',
      el('code', { text: 'heapsnap inspect FILE --id @1234' }), '.'));
    window.heapsnapReport = { ready: true, kind, doc };
    performance.mark('heapsnap-ready');
  }
  main();
})();
