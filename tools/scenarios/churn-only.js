'use strict';
// Scenario: a pricing API doing real work per request: it parses a JSON cart of 40 items,
// builds priced line objects, filters, sorts and groups them, and serialises a summary, so each
// request allocates a few hundred short-lived objects (heavy churn). Latency samples for the
// metrics endpoint go into a fixed-size ring buffer.
// Control, no leak: the twin of churn-slow-leak.js without its leak. Between snapshots 2 and 3
// nothing grows beyond noise; exactly RING_SIZE LatencySample objects stay alive.
const { run, startHttpServer, sendRequests, closeHttp } = require('./_harness');

class LatencySample {
  constructor(route, ms, status) {
    this.route = route;
    this.ms = ms;
    this.status = status;
  }
}

const RING_SIZE = 256;
const latencyRing = new Array(RING_SIZE).fill(null);
let ringPos = 0;

function priceCart(cart) {
  const lines = cart.items.map((item) => ({
    sku: item.sku,
    qty: item.qty,
    unit: item.price,
    total: Math.round(item.qty * item.price * 100) / 100,
    tags: item.tags.map((t) => t.toUpperCase()),
  }));
  const byCategory = new Map();
  for (const line of lines.filter((l) => l.qty > 0)) {
    const cat = line.sku.split('-')[0];
    const group = byCategory.get(cat) || { category: cat, lines: [], total: 0 };
    group.lines.push(line);
    group.total += line.total;
    byCategory.set(cat, group);
  }
  const groups = [...byCategory.values()].sort((a, b) => b.total - a.total);
  return {
    customer: cart.customer,
    groups: groups.map((g) => ({ category: g.category, count: g.lines.length, total: g.total.toFixed(2) })),
    total: groups.reduce((sum, g) => sum + g.total, 0).toFixed(2),
  };
}

function handleRequest(req, res) {
  const started = process.hrtime.bigint();
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const summary = priceCart(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(summary));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    latencyRing[ringPos] = new LatencySample('/price', ms, 200); // bounded: overwrites the oldest
    ringPos = (ringPos + 1) % RING_SIZE;
  });
}

function makeCart(i) {
  const items = [];
  for (let k = 0; k < 40; k++) {
    items.push({ sku: `${['food', 'toys', 'books', 'tools'][k % 4]}-${i}-${k}`, qty: (i + k) % 5, price: 1.5 + k, tags: ['sale', 'new'] });
  }
  return JSON.stringify({ customer: `c${i % 100}`, items });
}

let server;
run({
  async setup() {
    server = await startHttpServer(handleRequest);
  },
  work: (first, count) => sendRequests(server, first, count, (i) => ({ method: 'POST', path: '/price', body: makeCart(i) })),
  teardown: () => closeHttp(server),
});
