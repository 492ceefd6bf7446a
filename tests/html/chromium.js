// A headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
// JSON messages ending in NUL on file descriptors 3 and 4). Node's standard library only, so
// the browser test needs no npm package and works on a fresh machine with Debian's chromium.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// The Chromium to use: $CHROMIUM, else the first of the usual names on PATH; null if none.
function findChromium() {
  const candidates = process.env.CHROMIUM ? [process.env.CHROMIUM]
    : ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  for (const c of candidates) {
    if (c.includes('/')) { if (isExecutable(c)) return c; continue; }
    for (const dir of (process.env.PATH || '').split(':')) {
      const full = path.join(dir, c);
      if (isExecutable(full)) return full;
    }
  }
  return null;
}
function isExecutable(p) {
  try { fs.accessSync(p, fs.constants.X_OK); return fs.statSync(p).isFile(); } catch { return false; }
}

class Browser {
  // logFile: where Chromium's own stderr goes (it is chatty: D-Bus, GPU).
  static async launch(executable, logFile) {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'heapsnap-chromium-'));
    const log = fs.openSync(logFile, 'w');
    const child = spawn(executable, ['--headless', '--no-sandbox', '--disable-gpu',
      '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check',
      '--disable-extensions', '--disable-background-networking', '--hide-scrollbars',
      '--remote-debugging-pipe', '--user-data-dir=' + profile, 'about:blank'],
    { stdio: ['ignore', log, log, 'pipe', 'pipe'] });
    const browser = new Browser(child, profile);
    await browser.send('Browser.getVersion');
    return browser;
  }

  constructor(child, profile) {
    this.child = child;
    this.profile = profile;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    this.exited = false;
    let buffer = Buffer.alloc(0);
    child.stdio[4].on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      let end;
      while ((end = buffer.indexOf(0)) >= 0) {
        const message = JSON.parse(buffer.subarray(0, end).toString('utf8'));
        buffer = buffer.subarray(end + 1);
        this.dispatch(message);
      }
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const { reject } of this.pending.values()) {
        reject(new Error(`chromium exited (${code ?? signal})`));
      }
      this.pending.clear();
    });
    child.stdio[3].on('error', () => {});
  }

  dispatch(message) {
    if (message.id !== undefined && this.pending.has(message.id)) {
      const { resolve, reject, method } = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) reject(new Error(`${method}: ${message.error.message}`));
      else resolve(message.result);
      return;
    }
    for (const listener of this.listeners) listener(message);
  }

  send(method, params = {}, sessionId = undefined) {
    if (this.exited) return Promise.reject(new Error('chromium is not running'));
    const id = this.nextId++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.child.stdio[3].write(JSON.stringify(message) + '\0');
    });
  }

  async newPage(width, height) {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const page = new Page(this, targetId, sessionId);
    await page.init(width, height);
    return page;
  }

  async close() {
    if (!this.exited) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.send('Browser.close').catch(() => {});
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (!this.exited) this.child.kill('SIGKILL');
    }
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}

// One tab. Collects what would make a report page wrong: console errors, uncaught exceptions,
// failed requests, error log entries.
class Page {
  constructor(browser, targetId, sessionId) {
    this.browser = browser;
    this.targetId = targetId;
    this.sessionId = sessionId;
    this.problems = [];
    this.loadWaiters = [];
    browser.listeners.push((m) => {
      if (m.sessionId !== sessionId) return;
      const p = m.params || {};
      switch (m.method) {
        case 'Runtime.consoleAPICalled':
          if (p.type === 'error' || p.type === 'assert') {
            this.problems.push('console.' + p.type + ': ' + p.args.map((a) => a.value ?? a.description).join(' '));
          }
          break;
        case 'Runtime.exceptionThrown':
          this.problems.push('exception: ' + (p.exceptionDetails.exception?.description ||
            p.exceptionDetails.text));
          break;
        case 'Log.entryAdded':
          if (p.entry.level === 'error') this.problems.push('log: ' + p.entry.text + (p.entry.url ? ' ' + p.entry.url : ''));
          break;
        case 'Network.loadingFailed':
          this.problems.push('failed resource: ' + p.errorText + ' (' + p.type + ')');
          break;
        case 'Network.requestWillBeSent':
          if (!/^(file|data|about):/.test(p.request.url)) this.problems.push('network request: ' + p.request.url);
          break;
        case 'Page.loadEventFired':
          this.loadWaiters.splice(0).forEach((w) => w());
          break;
        default:
      }
    });
  }
  send(method, params) { return this.browser.send(method, params, this.sessionId); }
  async init(width, height) {
    await Promise.all(['Runtime.enable', 'Log.enable', 'Page.enable', 'Network.enable']
      .map((m) => this.send(m)));
    await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
  }
  async goto(url, timeoutMs = 30000) {
    const loaded = new Promise((resolve, reject) => {
      this.loadWaiters.push(resolve);
      setTimeout(() => reject(new Error('timeout loading ' + url)), timeoutMs);
    });
    const r = await this.send('Page.navigate', { url });
    if (r.errorText) throw new Error(`navigate ${url}: ${r.errorText}`);
    await loaded;
  }
  // Evaluates an expression (awaiting a promise) and returns its value (JSON-able).
  async eval(expression) {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) {
      throw new Error('page evaluation failed: ' + (r.exceptionDetails.exception?.description || r.exceptionDetails.text));
    }
    return r.result.value;
  }
  // The viewport, the whole page (fullPage, at most 4000 pixels high), or from the top of the
  // element `selector` (scrolled into view) down to the viewport's height.
  async screenshot(file, fullPage, selector) {
    let clip;
    if (!fullPage && typeof selector === 'string') {
      const top = await this.eval(`(() => { const e = document.querySelector(${JSON.stringify(selector)});
        if (!e) return 0; const y = e.getBoundingClientRect().top + window.scrollY - 12; window.scrollTo(0, y); return window.scrollY; })()`);
      const m = await this.send('Page.getLayoutMetrics');
      const view = m.cssLayoutViewport || m.layoutViewport;
      clip = { x: 0, y: top, width: view.clientWidth, height: view.clientHeight, scale: 1 };
    }
    if (fullPage) {
      const m = await this.send('Page.getLayoutMetrics');
      const size = m.cssContentSize || m.contentSize;
      clip = { x: 0, y: 0, width: Math.ceil(size.width), height: Math.ceil(Math.min(size.height, 4000)), scale: 1 };
    }
    const r = await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: !!fullPage, clip });
    fs.writeFileSync(file, Buffer.from(r.data, 'base64'));
  }
  close() { return this.browser.send('Target.closeTarget', { targetId: this.targetId }); }
}

module.exports = { findChromium, Browser };
