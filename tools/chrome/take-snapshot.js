'use strict';
// Takes a heap snapshot of a page script in headless Chromium, over the DevTools protocol on
// --remote-debugging-pipe (no network, no WebSocket client needed).
//
//   node tools/chrome/take-snapshot.js [--serve[=QUERY]] PAGE_SCRIPT.js OUT.heapsnapshot [CHROMIUM]
//
// Opens about:blank, runs PAGE_SCRIPT (its text, in the page), collects garbage twice and
// writes the snapshot. CHROMIUM defaults to /usr/bin/chromium (Debian's `chromium` package,
// needed only to regenerate testdata/chrome; not in tools/install-deps.sh).
//
// With --serve the page comes from a small HTTP server on 127.0.0.1 and an ephemeral port, as a
// real site would: http://127.0.0.1:PORT/?QUERY loads PAGE_SCRIPT as /page.js with a <script>
// tag, so the page's origin and its script's URL carry the port (which differs from run to run).
// The script may set window.pageReady to a promise; the snapshot is taken once it resolves.
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const args = process.argv.slice(2);
const serveArg = args.find((a) => a === '--serve' || a.startsWith('--serve='));
const [pageScript, out, chromium = '/usr/bin/chromium'] = args.filter((a) => a !== serveArg);
if (!pageScript || !out) {
  console.error('usage: node tools/chrome/take-snapshot.js [--serve[=QUERY]] PAGE_SCRIPT.js OUT.heapsnapshot [CHROMIUM]');
  process.exit(2);
}
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'heapsnap-chrome-'));
const browser = spawn(chromium, ['--headless=new', '--no-sandbox', '--disable-gpu',
  '--remote-debugging-pipe', `--user-data-dir=${profile}`, '--no-first-run', 'about:blank'],
{ stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];
setTimeout(() => { console.error('timed out'); browser.kill(); process.exit(1); }, 60000).unref();

let nextId = 1;
const pending = new Map();
const listeners = [];
let buffered = '';
fromBrowser.on('data', (chunk) => {
  buffered += chunk.toString('utf8');
  let end;
  while ((end = buffered.indexOf('\0')) >= 0) {
    const message = JSON.parse(buffered.slice(0, end));
    buffered = buffered.slice(end + 1);
    if (message.id !== undefined && pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) reject(new Error(JSON.stringify(message.error)));
      else resolve(message.result);
    } else {
      for (const listener of listeners) listener(message);
    }
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  toBrowser.write(JSON.stringify({ id, method, params, sessionId }) + '\0');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

// Serves "/" (an HTML page that loads /page.js) and "/page.js" (the page script) on 127.0.0.1.
function serve(source) {
  const html = '<!doctype html><html><head><title>heapsnap test page</title></head>' +
    '<body><script src="/page.js"></script></body></html>';
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    if (pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end(html);
    } else if (pathname === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(source);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function main() {
  const { targetInfos } = await send('Target.getTargets');
  const page = targetInfos.find((t) => t.type === 'page');
  const { sessionId } = await send('Target.attachToTarget', { targetId: page.targetId, flatten: true });
  const source = fs.readFileSync(pageScript, 'utf8');
  if (serveArg) {
    const query = serveArg.includes('=') ? serveArg.slice(serveArg.indexOf('=') + 1) : '';
    const server = await serve(source);
    const url = `http://127.0.0.1:${server.address().port}/${query ? `?${query}` : ''}`;
    await send('Page.enable', {}, sessionId);
    const loaded = new Promise((resolve) => listeners.push((m) => {
      if (m.method === 'Page.loadEventFired' && m.sessionId === sessionId) resolve();
    }));
    await send('Page.navigate', { url }, sessionId);
    await loaded;
    const ready = await send('Runtime.evaluate',
      { expression: 'Promise.resolve(window.pageReady).then(() => "ok")', awaitPromise: true }, sessionId);
    if (ready.exceptionDetails) throw new Error(JSON.stringify(ready.exceptionDetails));
    server.close();
    console.log(`served ${url}`);
  } else {
    const result = await send('Runtime.evaluate', { expression: source, awaitPromise: true }, sessionId);
    if (result.exceptionDetails) throw new Error(JSON.stringify(result.exceptionDetails));
  }
  await send('HeapProfiler.enable', {}, sessionId);
  await send('HeapProfiler.collectGarbage', {}, sessionId);
  await send('HeapProfiler.collectGarbage', {}, sessionId);
  const file = fs.openSync(out, 'w');
  listeners.push((m) => {
    if (m.method === 'HeapProfiler.addHeapSnapshotChunk' && m.sessionId === sessionId) {
      fs.writeSync(file, m.params.chunk);
    }
  });
  await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false }, sessionId);
  fs.closeSync(file);
  const { product } = await send('Browser.getVersion');
  console.log(`${product}: ${out}`);
  await send('Browser.close').catch(() => {});
}

main().then(() => {
  // The profile is removed once the browser has exited.
  browser.on('exit', () => {
    fs.rmSync(profile, { recursive: true, force: true });
    process.exit(0);
  });
}, (e) => {
  console.error(e.message);
  browser.kill();
  process.exit(1);
});
