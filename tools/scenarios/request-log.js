'use strict';
// Scenario: an HTTP API with a home-made module-level logger that keeps every log entry in an
// in-memory array (meant to be flushed to a file "later", which never happens).
// Leak: one plain Object log entry per request (with its message and timestamp strings),
// retained by logger.entries.
const { run, startHttpServer, sendRequests, closeHttp } = require('./_harness');

class Logger {
  constructor(service) {
    this.service = service;
    this.entries = [];
  }

  info(requestId, message, durationMs) {
    // BUG: entries only ever grow; nothing flushes or rotates them.
    this.entries.push({ time: new Date().toISOString(), level: 'info', requestId, message, durationMs });
  }
}

const logger = new Logger('orders-api');

function handleRequest(req, res) {
  const started = process.hrtime.bigint();
  const id = req.headers['x-request-id'];
  const order = { id: Number(req.url.split('/').pop()), state: 'shipped' };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(order));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  logger.info(id, `${req.method} ${req.url} 200 user-agent=${req.headers['user-agent']}`, ms);
}

let server;
run({
  async setup() {
    server = await startHttpServer(handleRequest);
  },
  work: (first, count) =>
    sendRequests(server, first, count, (i) => ({ path: `/orders/${1000 + i}`, headers: { 'x-request-id': `req-${i}` } })),
  teardown: () => closeHttp(server),
});
