'use strict';
// CI recipe: a memory-leak test for a Node service, judged by `heapsnap gate` (docs/ci.md).
//
//   1. start the service in this process (tools/ci-recipe/service.js);
//   2. warm up (caches, JIT, sockets), take heap snapshot 1;
//   3. put it under load, take snapshot 2; the same load again, take snapshot 3;
//   4. run `heapsnap gate 1 2 3 [GATE_OPTIONS]` and exit with its exit code:
//      0 no leak, 1 leak or growth over a threshold, 2 bad usage or input.
// Three snapshots let the gate tell a leak (objects allocated during the first load phase and
// still alive after the second) from a cache that fills once, or from churn.
//
// Usage:
//   node tools/ci-recipe/leak-test.js [--fixed] [--heapsnap PATH] [--out DIR]
//        [--requests N] [-- GATE_OPTIONS...]
//   --fixed        test the fixed build of the service (expected to pass)
//   --heapsnap     the heapsnap binary (default: $HEAPSNAP, else `heapsnap` on PATH)
//   --out DIR      where snapshots go (default: a fresh directory under the OS temp dir);
//                  kept after the run so CI can upload them as artifacts
//   --requests N   requests per load phase (default 2000; warm-up is N / 5)
//   after --       passed to heapsnap gate, e.g. -- --max-growth 10% -o junit=gate.xml
// Runs in about 10 s on a laptop; every loop is bounded and the process exits by itself.
const { spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const v8 = require('v8');
const vm = require('vm');

const { startService } = require('./service');

function parseArgs(argv) {
  const args = {
    fixed: false,
    heapsnap: process.env.HEAPSNAP || 'heapsnap',
    out: '',
    requests: 2000,
    gate: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--') {
      args.gate = argv.slice(i + 1);
      break;
    } else if (a === '--fixed') args.fixed = true;
    else if (a === '--heapsnap') args.heapsnap = value();
    else if (a === '--out') args.out = value();
    else if (a === '--requests') {
      args.requests = Number(value());
      if (!Number.isInteger(args.requests) || args.requests < 10) usage('--requests needs an integer >= 10');
    } else usage(`unknown argument '${a}'`);
  }
  return args;
}

function usage(message) {
  console.error(`leak-test: ${message}`);
  console.error('usage: node tools/ci-recipe/leak-test.js [--fixed] [--heapsnap PATH] [--out DIR] [--requests N] [-- GATE_OPTIONS...]');
  process.exit(2);
}

// gc() without --expose-gc on the command line, so `node leak-test.js` and `node --test` both work.
function getGc() {
  if (typeof global.gc === 'function') return global.gc;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Lets 'finish' handlers, socket closes and finalizers run between full GCs, so a snapshot shows
// only what is really retained.
async function settle(gc) {
  for (let i = 0; i < 3; i++) {
    await sleep(20);
    gc();
  }
}

// `count` GET requests, at most `concurrency` in flight, every response read to the end.
async function load(port, agent, first, count, concurrency = 8) {
  let next = first;
  const end = first + count;
  async function worker() {
    while (next < end) {
      const i = next++;
      await new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, agent, path: `/api/items/${i}?ref=${i * 7}` }, (res) => {
          res.resume();
          res.on('end', resolve);
          res.on('error', reject);
        });
        req.on('error', reject);
      });
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const gc = getGc();
  const outDir = args.out || fs.mkdtempSync(path.join(os.tmpdir(), 'leak-test-'));
  fs.mkdirSync(outDir, { recursive: true });
  // A CI step must never hang.
  setTimeout(() => {
    console.error('leak-test: timed out after 120 s');
    process.exit(2);
  }, 120000).unref();

  const server = await startService({ fixed: args.fixed });
  const { port } = server.address();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const phases = [Math.ceil(args.requests / 5), args.requests, args.requests];
  const snapshots = [];
  let sent = 0;
  for (let i = 0; i < phases.length; i++) {
    await load(port, agent, sent, phases[i]);
    sent += phases[i];
    await settle(gc);
    const file = v8.writeHeapSnapshot(path.join(outDir, `${i + 1}.heapsnapshot`));
    console.error(`leak-test: ${sent} requests, snapshot ${file}`);
    snapshots.push(file);
  }
  agent.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));

  const gate = spawnSync(args.heapsnap, ['gate', ...snapshots, ...args.gate], { stdio: 'inherit' });
  if (gate.error) {
    console.error(`leak-test: cannot run '${args.heapsnap}': ${gate.error.message} (set --heapsnap or $HEAPSNAP)`);
    return 2;
  }
  return gate.status ?? 2;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`leak-test: ${error.stack || error}`);
    process.exit(2);
  },
);
