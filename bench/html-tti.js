// Time to interactive of heapsnap HTML pages in headless Chromium (bench/README.md, session 9).
//
//   node bench/html-tti.js [--runs N] [--markdown] PAGE.html...
//
// Each page is opened N times (default 5), each time in a new tab of one headless Chromium
// (tests/html/chromium.js: the DevTools protocol on a pipe, Node's standard library only). From
// the navigation's start (performance.timeOrigin) it reads:
//   parsed   the page's own 'heapsnap-parsed' mark: the embedded JSON parsed
//   ready    the page's own 'heapsnap-ready' mark: every section built, the treemap's SVG included
//   dcl      DOMContentLoaded's end (the page's script runs before it: it is inline, at the end)
//   load     the load event's end
//   tti      the second animation frame after both 'ready' and the load event: the built page
//            has been laid out and painted once and the main thread has nothing left to run.
// Prints one JSON line per page: the bytes, every run's numbers and the medians (ms); with
// --markdown, one table row per page of the medians instead (bench/run.sh's table).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { findChromium, Browser } = require('../tests/html/chromium.js');

async function main() {
  const args = process.argv.slice(2);
  let runs = 5;
  let markdown = false;
  const pages = [];
  for (let i = 0; i < args.length; ++i) {
    if (args[i] === '--runs') runs = Number(args[++i]);
    else if (args[i] === '--markdown') markdown = true;
    else pages.push(args[i]);
  }
  if (pages.length === 0 || !(runs >= 1)) {
    console.error('usage: node bench/html-tti.js [--runs N] PAGE.html...');
    process.exit(2);
  }
  const chromium = findChromium();
  if (!chromium) {
    console.error('html-tti: no Chromium found (chromium, chromium-browser, google-chrome or $CHROMIUM)');
    process.exit(2);
  }
  const browser = await Browser.launch(chromium, path.join(os.tmpdir(), 'heapsnap-html-tti-chromium.log'));
  try {
    for (const page of pages) {
      const url = pathToFileURL(path.resolve(page)).href;
      const all = [];
      for (let r = 0; r < runs; ++r) {
        const tab = await browser.newPage(1280, 900);
        await tab.goto(url, 120000);
        const t = await tab.eval(`(async () => {
          const ready = () => performance.getEntriesByName('heapsnap-ready').length > 0;
          while (!ready()) await new Promise((r) => setTimeout(r, 5));
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          const tti = performance.now();
          const mark = (n) => performance.getEntriesByName(n)[0]?.startTime ?? null;
          const nav = performance.getEntriesByType('navigation')[0];
          return { parsed: mark('heapsnap-parsed'), ready: mark('heapsnap-ready'),
                   dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
                   tti };
        })()`);
        if (tab.problems.length) throw new Error(page + ': ' + tab.problems.join('; '));
        all.push(t);
        await tab.close();
      }
      const median = (key) => {
        const v = all.map((t) => t[key]).filter((x) => x !== null).sort((a, b) => a - b);
        return v.length ? Math.round(v[(v.length - 1) >> 1]) : null;
      };
      const medians = {};
      for (const key of ['parsed', 'ready', 'dcl', 'load', 'tti']) medians[key] = median(key);
      const bytes = fs.statSync(page).size;
      if (markdown) {
        console.log(`| ${path.basename(page)} | ${bytes.toLocaleString('en-US')} | ${medians.parsed} | ` +
          `${medians.ready} | ${medians.dcl} | ${medians.load} | **${medians.tti}** |`);
        continue;
      }
      console.log(JSON.stringify({ page, bytes, runs, medians,
        each: all.map((t) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v === null ? null : Math.round(v)]))) }));
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error('html-tti: ' + e.message); process.exit(1); });
