'use strict';
// Takes a heap snapshot of a page script in headless Chromium, over the DevTools protocol on
// --remote-debugging-pipe (no network, no WebSocket client needed).
//
//   node tools/chrome/take-snapshot.js PAGE_SCRIPT.js OUT.heapsnapshot [CHROMIUM]
//
// Opens about:blank, runs PAGE_SCRIPT (its text, in the page), collects garbage twice and
// writes the snapshot. CHROMIUM defaults to /usr/bin/chromium (Debian's `chromium` package,
// needed only to regenerate testdata/chrome; not in tools/install-deps.sh).
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const [pageScript, out, chromium = '/usr/bin/chromium'] = process.argv.slice(2);
if (!pageScript || !out) {
  console.error('usage: node tools/chrome/take-snapshot.js PAGE_SCRIPT.js OUT.heapsnapshot [CHROMIUM]');
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

async function main() {
  const { targetInfos } = await send('Target.getTargets');
  const page = targetInfos.find((t) => t.type === 'page');
  const { sessionId } = await send('Target.attachToTarget', { targetId: page.targetId, flatten: true });
  const source = fs.readFileSync(pageScript, 'utf8');
  const result = await send('Runtime.evaluate', { expression: source, awaitPromise: true }, sessionId);
  if (result.exceptionDetails) throw new Error(JSON.stringify(result.exceptionDetails));
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
