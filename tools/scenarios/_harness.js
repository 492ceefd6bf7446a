'use strict';
// Shared driver for the leak scenarios in this directory (not a scenario itself).
//
// Every scenario runs the same three phases and writes one heap snapshot after each:
//   warm-up (WARMUP units of work)  -> OUT/1.heapsnapshot
//   load    (LOAD units of work)    -> OUT/2.heapsnapshot
//   load    (LOAD units of work)    -> OUT/3.heapsnapshot
// Before each snapshot pending I/O callbacks and finalizers get a chance to run and gc() is
// called several times, so the snapshots show only what is really retained.
//
// Usage of a scenario:  node --expose-gc tools/scenarios/<name>.js OUT_DIR
// Only 127.0.0.1 is used; all loops are bounded; the process exits by itself.

const fs = require('fs');
const http = require('http');
const path = require('path');
const v8 = require('v8');

const WARMUP = 300;
const LOAD = 2000;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function settleAndCollect() {
  // Let socket closes, 'finish' handlers and FinalizationRegistry callbacks run between GCs.
  for (let i = 0; i < 3; i++) {
    await sleep(20);
    gc();
  }
  gc();
}

// A real HTTP server on 127.0.0.1 with an ephemeral port.
function startHttpServer(handler) {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handler);
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// Sends `count` requests to the server with at most `concurrency` in flight. `makeRequest(i)`
// returns {method?, path, headers?, body?}. Resolves when every response body has been read.
async function sendRequests(server, firstIndex, count, makeRequest, concurrency = 8) {
  const { port } = server.address();
  const agent = sendRequests.agent || (sendRequests.agent = new http.Agent({ keepAlive: true, maxSockets: concurrency }));
  let next = firstIndex;
  const end = firstIndex + count;
  async function worker() {
    while (next < end) {
      const i = next++;
      const { method = 'GET', path: urlPath, headers = {}, body } = makeRequest(i);
      await new Promise((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent, headers: { 'user-agent': 'scenario-client/1.0', ...headers } }, (res) => {
          res.resume();
          res.on('end', resolve);
          res.on('error', reject);
        });
        req.on('error', reject);
        if (body !== undefined) {
          req.setHeader('content-type', 'application/json');
          req.end(body);
        } else {
          req.end();
        }
      });
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function closeHttp(server) {
  if (sendRequests.agent) {
    sendRequests.agent.destroy();
    sendRequests.agent = undefined;
  }
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
}

// Runs a scenario. `scenario` has:
//   setup()              -> optional async, before the warm-up
//   work(first, count)   -> async, performs `count` units of work numbered first..first+count-1
//   teardown()           -> optional async, after the last snapshot
//   warmup, load         -> optional, units of work per phase (default WARMUP, LOAD)
async function run(scenario) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error(`usage: node --expose-gc ${path.relative(process.cwd(), process.argv[1])} OUT_DIR`);
    process.exit(2);
  }
  if (typeof gc !== 'function') {
    console.error('run with node --expose-gc');
    process.exit(2);
  }
  fs.mkdirSync(outDir, { recursive: true });
  // A scenario must never hang: give up after two minutes.
  setTimeout(() => {
    console.error('scenario timed out');
    process.exit(1);
  }, 120000).unref();

  if (scenario.setup) await scenario.setup();
  const warmup = scenario.warmup ?? WARMUP;
  const load = scenario.load ?? LOAD;
  const phases = [warmup, load, load];
  let done = 0;
  for (let i = 0; i < phases.length; i++) {
    await scenario.work(done, phases[i]);
    done += phases[i];
    await settleAndCollect();
    const file = v8.writeHeapSnapshot(path.join(outDir, `${i + 1}.heapsnapshot`));
    console.log(`${path.basename(process.argv[1], '.js')}: ${done} units of work -> ${file}`);
  }
  if (scenario.teardown) await scenario.teardown();
  // Leaking scenarios leave timers and sockets behind on purpose; end here.
  process.exit(0);
}

module.exports = { run, startHttpServer, sendRequests, closeHttp, sleep, WARMUP, LOAD };
