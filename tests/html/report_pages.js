#!/usr/bin/env node
// Browser test of the HTML report (docs/html-report.md): makes the page of every kind from real
// runs on the bundled snapshots (heapsnap ... --json, then heapsnap-html), opens each in headless
// Chromium, fails on any console error, exception or failed resource, checks through the DOM
// that tables and charts show the JSON's numbers (and the CLI's text for the same run), clicks
// and filters, measures the time to interactive, and saves screenshots.
//
//   node report_pages.js HEAPSNAP HEAPSNAP_HTML SOURCE_DIR OUT_DIR [--docs-screenshots DIR]
//
// Exit 0: all passed; 1: a check failed; 77: no Chromium (ctest reports the test as skipped).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { findChromium, Browser } = require('./chromium.js');
const L = require('../../src/report/html/heapsnap-lib.js');
const synthetic = require('./synthetic_reports.js');

const [heapsnap, heapsnapHtml, src, out] = process.argv.slice(2, 6).map((a) => a && path.resolve(a));
const docsIndex = process.argv.indexOf('--docs-screenshots');
const docsDir = docsIndex > 0 ? path.resolve(process.argv[docsIndex + 1]) : null;
if (!out) {
  console.error('usage: report_pages.js HEAPSNAP HEAPSNAP_HTML SOURCE_DIR OUT_DIR [--docs-screenshots DIR]');
  process.exit(2);
}
const chromium = findChromium();
if (!chromium && process.env.CHROMIUM) {
  console.log(`FAIL: $CHROMIUM is '${process.env.CHROMIUM}', which is not an executable file`);
  process.exit(1);
}
if (!chromium) {
  console.log('SKIP: no Chromium found (chromium, chromium-browser, google-chrome or $CHROMIUM); ' +
    'tools/install-deps.sh installs Debian\'s chromium');
  process.exit(77);
}
fs.mkdirSync(out, { recursive: true });

let checks = 0;
let failures = 0;
function check(what, ok, detail) {
  ++checks;
  if (!ok) {
    ++failures;
    console.log(`FAIL: ${what}` + (detail !== undefined ? `\n  ${typeof detail === 'string' ? detail : JSON.stringify(detail)}` : ''));
  }
}
function equal(what, actual, expected) {
  check(what, JSON.stringify(actual) === JSON.stringify(expected),
    `expected ${JSON.stringify(expected)}\n  actual   ${JSON.stringify(actual)}`);
}

const scenarios = path.join(src, 'testdata', 'scenarios');
const snap = (name, i) => path.join(scenarios, name, `${i}.heapsnapshot.gz`);
function run(args, okCodes = [0]) {
  try {
    return execFileSync(heapsnap, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  } catch (e) {
    if (okCodes.includes(e.status)) return e.stdout;
    throw new Error(`heapsnap ${args.join(' ')}: exit ${e.status}: ${e.stderr}`);
  }
}
// The table rows of the CLI's text output (after the header line that starts with `first`),
// cells split on runs of two or more spaces.
function textRows(text, first) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim().startsWith(first));
  const rows = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.trim()) break;
    rows.push(line.trim().split(/ {2,}/));
  }
  return rows;
}

// The dominator_tree section docs/html-report.md defines for summary and top, made here from
// `heapsnap dominators --json` with the same aggregation.
// The page's cells, with names the CLI cut to its column width ("{a, b, …, ...") cut the same way.
function likeCli(html, cli) {
  return html.map((row, i) => row.map((cell, j) => {
    const c = cli[i] && cli[i][j];
    return c && c.endsWith('...') && cell.startsWith(c.slice(0, -3)) ? c : cell;
  }));
}

function dominatorTreeSection(file) {
  const d = JSON.parse(run(['dominators', file, '--json', '--depth', '8', '--min-size', '0.1%']));
  return { depth: d.depth, min_size: d.min_size, objects: d.objects };
}

// Screenshots for docs/ are quantized to a palette with pngquant when it is installed (about a
// third of the size; tools/install-deps.sh installs it).
function shrinkPng(file) {
  try {
    execFileSync('pngquant', ['--force', '--skip-if-larger', '--quality=70-95', '--strip', '--output', file, file]);
  } catch (e) {
    if (e.code !== 'ENOENT' && e.status !== 98 && e.status !== 99) throw e;
  }
}

function writePage(name, kind, doc) {
  const json = path.join(out, name + '.json');
  const html = path.join(out, name + '.html');
  fs.writeFileSync(json, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 1));
  execFileSync(heapsnapHtml, [kind, json, html]);
  return html;
}

// A constructor name with markup, a script end and line separators (see hostileSummary).
const kHostileName = '</script><img src=x onerror="window.pwned=1"><!-- \u2028\u2029 & é';

// --- The pages ---------------------------------------------------------------------------------

const mc3 = snap('map-cache', 3);
const summaryDoc = JSON.parse(run(['summary', mc3, '--json']));
summaryDoc.dominator_tree = dominatorTreeSection(mc3);
const topDoc = JSON.parse(run(['top', mc3, '--json', '-n', '25']));
topDoc.dominator_tree = summaryDoc.dominator_tree;
const pages = [
  { name: 'summary', kind: 'summary', doc: summaryDoc, shots: [['summary', null], ['summary-treemap', '#dominator-tree']],
    text: run(['summary', mc3, '-n', '12']) },
  { name: 'top', kind: 'top', doc: topDoc, text: run(['top', mc3, '-n', '25']) },
  { name: 'top-constructors', kind: 'top', doc: JSON.parse(run(['top', mc3, '--json', '--by', 'constructor', '-n', '15'])),
    text: run(['top', mc3, '--by', 'constructor', '-n', '15']) },
  { name: 'dominators', kind: 'dominators', doc: JSON.parse(run(['dominators', mc3, '--json', '--id', '@92057', '--depth', '2', '--min-size', '0'])), shots: [['dominators', null]] },
  { name: 'diff', kind: 'diff', doc: JSON.parse(run(['diff', ...[1, 2, 3].map((i) => snap('map-cache', i)), '--json'])), shots: [['diff', null], ['diff-suspect', '#suspects']] },
  { name: 'diff-two', kind: 'diff', doc: JSON.parse(run(['diff', snap('listener-per-request', 1), snap('listener-per-request', 3), '--json'])) },
  { name: 'diff-listeners', kind: 'diff', doc: JSON.parse(run(['diff', ...[1, 2, 3].map((i) => snap('listener-buffers', i)), '--json'])) },
  { name: 'diff-no-leak', kind: 'diff', doc: JSON.parse(run(['diff', ...[1, 2, 3].map((i) => snap('map-cache-fixed', i)), '--json'])) },
  { name: 'gate', kind: 'gate', doc: JSON.parse(run(['gate', ...[1, 2, 3].map((i) => snap('map-cache', i)), '--json',
    '--max-growth', '50%', '--max-class-count', 'RequestContext=1000', '--max-site-growth', '*map-cache.js*=256KiB',
    '--max-suspect', '512KiB'], [1])), shots: [['gate', null]] },
  { name: 'gate-pass', kind: 'gate', doc: JSON.parse(run(['gate', ...[1, 2, 3].map((i) => snap('map-cache-fixed', i)), '--json'])) },
  { name: 'paths', kind: 'paths', doc: JSON.parse(run(['paths', mc3, '--id', '@158757', '-n', '2', '--json'])) },
  { name: 'summary-tiny', kind: 'summary', doc: JSON.parse(run(['summary', path.join(src, 'testdata/tiny/basic.heapsnapshot'), '--json'])) },
  { name: 'info-generic', kind: 'info', doc: JSON.parse(run(['info', mc3, '--json'])) },
  { name: 'hostile-strings', kind: 'summary', doc: hostileSummary(), check: checkHostile },
  { name: 'kind-mismatch', kind: 'diff', doc: JSON.parse(run(['gate', ...[1, 2, 3].map((i) => snap('map-cache-fixed', i)), '--json'])),
    check: checkGeneric },
  { name: 'large-summary', kind: 'summary', doc: synthetic.largeSummary(), large: true },
  { name: 'large-diff', kind: 'diff', doc: synthetic.largeDiff(), large: true },
];

// A summary whose constructor names are markup, a script end, line separators: heap strings can
// be anything. The page must show them as text, run nothing and fetch nothing.
function hostileSummary() {
  const doc = JSON.parse(run(['summary', path.join(src, 'testdata/tiny/basic.heapsnapshot'), '--json']));
  doc.file = '<b>bold</b>.heapsnapshot';
  doc.constructors[0].name = kHostileName;
  return doc;
}
async function checkHostile(page, p) {
  const r = await inPage(page, `return { pwned: !!window.pwned, images: $$('img').length, bold: $$('b').filter((b) => b.textContent === 'bold').length,
    name: cells('constructors').map((row) => row[0]).find((n) => n.startsWith('</script>')) };`);
  equal(`${p.name}: markup in heap strings stays text`, r, { pwned: false, images: 0, bold: 0, name: kHostileName });
}

// --- Checks per kind (in the page: `r` is window.heapsnapReport, helpers below) ----------------

const pageHelpers = `
  const $ = (s, root = document) => root.querySelector(s);
  const $$ = (s, root = document) => [...root.querySelectorAll(s)];
  const cells = (table) => $$('[data-table="' + table + '"] tbody tr').map((tr) =>
    [...tr.children].map((td) => td.textContent.trim()));
  const values = (table, key) => $$('[data-table="' + table + '"] tbody td[data-key="' + key + '"]')
    .map((td) => Number(td.dataset.value));
`;
async function inPage(page, body) {
  return page.eval(`(async () => { ${pageHelpers} ${body} })()`);
}

async function checkSummary(page, p) {
  const doc = p.doc;
  const stats = await inPage(page, `return $$('[data-table="statistics"] tbody tr').map((tr) =>
    [tr.dataset.kind, Number(tr.children[1].dataset.value)]);`);
  if (doc.statistics) {
    for (const [kind, value] of stats.filter(([k]) => k)) equal(`${p.name}: statistics ${kind}`, value, doc.statistics[kind]);
    equal(`${p.name}: statistics total`, stats[stats.length - 1][1], doc.statistics.total);
  }
  const n = Math.min(100, doc.constructors.length);
  equal(`${p.name}: constructor rows drawn`, await inPage(page, `return cells('constructors').length`), n);
  const byRetained = L.sortRows(doc.constructors, (r) => r.retained_size, true);
  equal(`${p.name}: retained sizes, biggest first`, await inPage(page, `return values('constructors', 'retained_size')`),
    byRetained.slice(0, n).map((r) => r.retained_size));
  if (p.text) {
    // The CLI's table, cell for cell (name, count, distance, self, retained, % of heap).
    const cli = textRows(p.text, 'constructor').filter((r) => !r[0].startsWith('['))
      .map((r) => (r[2] === '-' ? [r[0], r[1], r[2], r[3], r[4], r[5]] : r));
    const html = (await inPage(page, `return cells('constructors')`)).slice(0, cli.length)
      .map((r) => r.map((c, i) => (i === 2 && (c.startsWith('system ') || c === 'unreachable') ? '-' : c)));
    equal(`${p.name}: table equals the CLI's summary -n ${cli.length}`, likeCli(html, cli), cli);
  }
  // Filtering: the rows that contain the word, all of them.
  const word = doc.constructors.length > 5 ? doc.constructors[5].name.split(/\W+/).find((w) => w.length > 2) || 'a' : 'a';
  const expected = doc.constructors.filter((r) => r.name.toLowerCase().includes(word.toLowerCase())).length;
  const filtered = await inPage(page, `const f = $('[data-table="constructors"] input.filter');
    f.value = ${JSON.stringify(word)}; f.dispatchEvent(new Event('input'));
    const rows = cells('constructors'); f.value = ''; f.dispatchEvent(new Event('input'));
    return { n: rows.length, all: rows.every((r) => r[0].toLowerCase().includes(${JSON.stringify(word.toLowerCase())})) };`);
  equal(`${p.name}: filter '${word}' shows the matching rows`, filtered, { n: Math.min(100, expected), all: true });
  // Sorting: by count, then back.
  const sorted = await inPage(page, `$('[data-table="constructors"] th[data-key="count"]').click();
    return values('constructors', 'count');`);
  equal(`${p.name}: sorted by count`, sorted, L.sortRows(doc.constructors, (r) => r.count, true).slice(0, n).map((r) => r.count));
  if (doc.dominator_tree) await checkTreemap(page, p, doc.dominator_tree.objects);
}

async function checkTreemap(page, p, objects) {
  const tree = L.buildDominatorTree(objects);
  const top = await inPage(page, `return $$('svg.treemap > g.cell[data-level="0"]').map((g) => ({ id: g.dataset.id === undefined ? null : Number(g.dataset.id), value: Number(g.dataset.value) }));`);
  const expected = L.treemapItems(tree).map((i) => ({ id: i.smaller ? null : i.node.id, value: i.value }));
  equal(`${p.name}: treemap cells of the root`, top, expected);
  const area = await inPage(page, `const rects = $$('svg.treemap > g.cell[data-level="0"] > rect');
    return rects.reduce((s, r) => s + (Number(r.getAttribute('width')) + 1) * (Number(r.getAttribute('height')) + 1), 0);`);
  const share = expected.reduce((s, i) => s + i.value, 0) / tree.retained_size;
  check(`${p.name}: treemap area is proportional to retained size`, Math.abs(area / (960 * 520) - share) < 0.01,
    `area share ${area / (960 * 520)}, bytes share ${share}`);
  const biggest = tree.children.find((c) => c.children.length > 0);
  if (biggest) {
    const zoomed = await inPage(page, `$('svg.treemap g.cell[data-id="${biggest.id}"]').dispatchEvent(new MouseEvent('click', { bubbles: true }));
      return { zoom: Number($('svg.treemap').dataset.zoom), crumbs: $('.crumbs').textContent,
        cells: $$('svg.treemap > g.cell[data-level="0"]').length };`);
    equal(`${p.name}: a click zooms into ${biggest.name} @${biggest.id}`, zoomed.zoom, biggest.id);
    check(`${p.name}: breadcrumbs show the way back`, zoomed.crumbs.includes('@' + tree.id) && zoomed.crumbs.includes('@' + biggest.id), zoomed.crumbs);
    equal(`${p.name}: zoomed cells`, zoomed.cells, L.treemapItems(biggest).length);
    await inPage(page, `$('.crumbs button.crumb').click();`);
  }
}

async function checkTop(page, p) {
  const doc = p.doc;
  const byObject = doc.by !== 'constructor';
  equal(`${p.name}: rows`, await inPage(page, `return cells('rows').length`), doc.rows.length);
  if (byObject) {
    equal(`${p.name}: ids`, await inPage(page, `return values('rows', 'id')`), doc.rows.map((r) => r.id));
    // The CLI's table, cell for cell: id, object, type, self, retained, % of heap, distance (the
    // CLI shows '-' where the page spells out 'system N' or 'unreachable', as in summary).
    const cli = textRows(p.text, 'id').filter((r) => r[0].startsWith('@'));
    const html = (await inPage(page, `return cells('rows')`))
      .map((r) => r.map((c, i) => (i === 6 && (c.startsWith('system ') || c === 'unreachable') ? '-' : c)));
    equal(`${p.name}: table equals the CLI's top`, likeCli(html, cli), cli);
  } else {
    const cli = textRows(p.text, 'constructor').filter((r) => !r[0].startsWith('['));
    const html = await inPage(page, `return cells('rows')`);
    // CLI columns: constructor count self retained % distance; the page's: name count distance self retained %.
    equal(`${p.name}: table equals the CLI's top --by constructor`, likeCli(html.map((r) => [r[0], r[1], r[3], r[4], r[5], r[2]]), cli), cli);
  }
  check(`${p.name}: others noted`, !doc.others || !doc.others.count ||
    (await inPage(page, `return $('[data-table="rows"] .table-footer').textContent`)).includes(`[${doc.others.count} others]`));
  if (doc.dominator_tree) await checkTreemap(page, p, doc.dominator_tree.objects);
}

async function checkDominators(page, p) {
  const doc = p.doc;
  equal(`${p.name}: tree rows`, await inPage(page, `return $$('[data-table="objects"] tbody tr').map((tr) => Number(tr.dataset.id))`),
    doc.objects.slice(0, 100).map((o) => o.id));
  await checkTreemap(page, p, doc.objects);
}

async function checkDiff(page, p) {
  const doc = p.doc;
  equal(`${p.name}: heap size chart`, await inPage(page, `return $$('[data-chart="heap-size"] circle').map((c) => Number(c.dataset.value))`),
    doc.snapshots.map((s) => s.total_size));
  equal(`${p.name}: objects chart`, await inPage(page, `return $$('[data-chart="heap-objects"] circle').map((c) => Number(c.dataset.value))`),
    doc.snapshots.map((s) => s.objects));
  equal(`${p.name}: suspects`, await inPage(page, `return $$('article.suspect').map((a) => a.dataset.suspect)`),
    doc.suspects.map((s) => s.name));
  for (let i = 0; i < Math.min(3, doc.suspects.length); ++i) {
    const s = doc.suspects[i];
    equal(`${p.name}: suspect ${s.name} counts chart`, await inPage(page,
      `return $$('[data-chart="suspect-count-${i}"] circle').map((c) => Number(c.dataset.value))`), s.counts);
    equal(`${p.name}: suspect ${s.name} sizes chart`, await inPage(page,
      `return $$('[data-chart="suspect-size-${i}"] circle').map((c) => Number(c.dataset.value))`), s.sizes);
    const chains = await inPage(page, `return $$('article.suspect')[${i}].querySelectorAll('ol.chain').length`);
    equal(`${p.name}: suspect ${s.name} path chains (signature and example)`, chains, 2 * s.paths.length);
    if (s.paths.length) {
      const m = / @(\d+)$/.exec(s.paths[0].example);
      const target = await inPage(page, `const t = $$('article.suspect')[${i}].querySelectorAll('ol.chain')[1];
        return { id: t.querySelector('.target .obj-id').textContent.trim(), edges: t.querySelectorAll('.edge').length,
                 holder: t.querySelector('.holder').textContent };`);
      equal(`${p.name}: suspect ${s.name} example path ends at its object`, target.id, '@' + m[1]);
      equal(`${p.name}: suspect ${s.name} example path edges`, target.edges, s.paths[0].example.split(' → ').length - 2);
    }
  }
  if (doc.has_patterns) {
    equal(`${p.name}: leak patterns`, await inPage(page, `return $$('[data-table="patterns"] tbody tr').map((tr) => tr.dataset.pattern)`),
      doc.patterns.map((x) => x.key));
    equal(`${p.name}: pattern counts`, await inPage(page,
      `return $$('[data-table="patterns"] tbody tr').map((tr) => [...tr.querySelectorAll('td.num[data-value]')].map((td) => Number(td.dataset.value)))`),
      doc.patterns.map((x) => x.counts));
  }
  if (!doc.suspects.length) {
    check(`${p.name}: says no suspects`, (await inPage(page, `return $('#suspects').textContent`)).includes('none'));
  }
  const n = Math.min(100, doc.groups.length);
  equal(`${p.name}: groups by Δ self size`, await inPage(page, `return values('groups', 'size_delta')`),
    L.sortRows(doc.groups, (g) => g.size_delta, true).slice(0, n).map((g) => g.size_delta));
  const last = doc.snapshots.length - 1;
  equal(`${p.name}: groups, count in the last snapshot`, await inPage(page, `return values('groups', 'count${last}')`),
    L.sortRows(doc.groups, (g) => g.size_delta, true).slice(0, n).map((g) => g.counts[last]));
  equal(`${p.name}: sorted by Δ retained`, await inPage(page, `$('[data-table="groups"] th[data-key="retained_delta"]').click();
    return values('groups', 'retained_delta');`), L.sortRows(doc.groups, (g) => g.retained_delta, true).slice(0, n).map((g) => g.retained_delta));
  if (doc.sites) {
    equal(`${p.name}: sites`, await inPage(page, `return cells('sites').length`), Math.min(100, doc.sites.length));
  }
}

async function checkGate(page, p) {
  const doc = p.doc;
  const v = await inPage(page, `return { verdict: $('.verdict').dataset.verdict, word: $('.verdict-word').textContent,
    rules: $$('li.rule').map((li) => [li.dataset.rule, li.dataset.status, li.querySelector('.status').textContent]) };`);
  equal(`${p.name}: verdict`, [v.verdict, v.word], [doc.verdict, doc.verdict.toUpperCase()]);
  equal(`${p.name}: rules`, v.rules, doc.rules.map((r) => [r.id, r.status, r.status.toUpperCase()]));
  equal(`${p.name}: totals chart`, await inPage(page, `return $$('[data-chart="gate-total"] circle').map((c) => Number(c.dataset.value))`),
    [doc.baseline.total_size, doc.current_total_size]);
  const figures = await inPage(page, `return $$('li.rule').map((li) => (li.querySelector('.rule-figures') || {}).textContent || '')`);
  doc.rules.forEach((r, i) => {
    if (r.kind === 'total_growth_percent' || r.kind === 'total_growth_bytes') {
      // The same figures as the rule's own message.
      check(`${p.name}: rule ${r.id} figures`, r.message.includes(figures[i].replace(/^[^:]*: /, '').split(', limit')[0]),
        `${figures[i]} vs ${r.message}`);
    }
    if (r.kind === 'group_count_growth') {
      check(`${p.name}: rule ${r.id} figures`, figures[i].includes(`${r.baseline} → ${r.current} objects`), figures[i]);
    }
  });
  equal(`${p.name}: suspects`, await inPage(page, `return $$('article.suspect').map((a) => a.dataset.suspect)`),
    doc.suspects.map((s) => s.name));
}

async function checkPaths(page, p) {
  const doc = p.doc;
  const chains = await inPage(page, `return $$('#paths ol.chain').map((ol) =>
    [...ol.querySelectorAll('.obj-id')].map((e) => e.textContent.trim()))`);
  equal(`${p.name}: each path's objects with their ids, ending at the target`, chains,
    doc.paths.map((path) => [...path.steps.map((s) => '@' + s.from_id), '@' + doc.target.id]));
  const edges = await inPage(page, `return $$('#paths ol.chain').map((ol) =>
    [...ol.querySelectorAll('.edge-name')].map((e) => e.textContent))`);
  equal(`${p.name}: each path's edges`, edges, doc.paths.map((path) => path.steps.map((s) => s.edge_name)));
}

async function checkGeneric(page, p) {
  const tables = await inPage(page, `return $$('[data-table]').map((t) => t.dataset.table)`);
  const arrays = Object.keys(p.doc).filter((k) => Array.isArray(p.doc[k]) && p.doc[k].length &&
    typeof p.doc[k][0] === 'object');
  equal(`${p.name}: generic view lists the arrays of objects as tables`, tables, arrays);
}

const checkers = { summary: checkSummary, top: checkTop, dominators: checkDominators, diff: checkDiff,
  gate: checkGate, info: checkGeneric, paths: checkPaths };

// --- Run ---------------------------------------------------------------------------------------

(async () => {
  const browser = await Browser.launch(chromium, path.join(out, 'chromium.log'));
  const timings = [];
  try {
    for (const p of pages.filter((x) => !process.env.HTML_PAGES || process.env.HTML_PAGES.split(',').includes(x.name))) {
      const file = writePage(p.name, p.kind, p.doc);
      const page = await browser.newPage(1120, 820);
      try {
        await page.goto(pathToFileURL(file).href);
        const ready = await page.eval(`new Promise((resolve) => { const t0 = Date.now();
          (function wait() { if (window.heapsnapReport && window.heapsnapReport.ready) resolve(true);
            else if (Date.now() - t0 > 20000) resolve(false); else setTimeout(wait, 20); })(); })`);
        check(`${p.name}: page drew itself`, ready);
        if (ready) {
          const tti = await page.eval(`Math.round(performance.getEntriesByName('heapsnap-ready')[0].startTime)`);
          // When the page's script had the document parsed (the rest of `tti` is drawing).
          const parsed = await page.eval(`Math.round(performance.getEntriesByName('heapsnap-parsed')[0].startTime)`);
          await page.screenshot(path.join(out, p.name + '.png'), true);
          for (const [shot, selector] of docsDir ? p.shots || [] : []) {
            const png = path.join(docsDir, `html-${shot}.png`);
            await page.screenshot(png, false, selector);
            shrinkPng(png);
          }
          await (p.check || checkers[p.kind])(page, p);
          // Interaction latency: sort the biggest table by another column (two clicks: both orders).
          const sortMs = await page.eval(`(() => { const tables = [...document.querySelectorAll('[data-table] tbody')];
            const body = tables.sort((a, b) => b.rows.length - a.rows.length)[0];
            const th = body && body.closest('table').querySelector('th.sortable:not([aria-sort])');
            if (!th) return 0; const t0 = performance.now(); th.click(); th.click();
            return Math.round((performance.now() - t0) / 2); })()`);
          timings.push({ page: p.name, json: fs.statSync(path.join(out, p.name + '.json')).size,
            html: fs.statSync(file).size, parsed, tti, sortMs });
        }
        equal(`${p.name}: no console errors, exceptions or failed resources`, page.problems, []);
      } catch (e) {
        check(`${p.name}: ${e.message}`, false);
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  // Times from navigation start: `parsed` when the page's script had parsed the embedded JSON,
  // `ready` when everything was drawn and interactive; `sort` one re-sort of the biggest table.
  console.log('\npage                       JSON        HTML  parsed (ms)  ready (ms)  sort (ms)');
  for (const t of timings) {
    console.log(`${t.page.padEnd(20)} ${L.formatBytes(t.json).padStart(10)} ${L.formatBytes(t.html).padStart(10)} ` +
      `${String(t.parsed).padStart(12)} ${String(t.tti).padStart(11)} ${String(t.sortMs).padStart(10)}`);
  }
  console.log(`\nscreenshots and pages in ${out}`);
  console.log(`${checks - failures} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
