'use strict';
// Scenario: an HTTP API that keeps a per-request context in a module-level Map keyed by
// request id, for "correlation" by later log lines, and never deletes the entries.
// Leak: one RequestContext (plus its url string and user object) per request, retained by
// contextsByRequestId. The fixed twin is map-cache-fixed.js.
const { run, startHttpServer, sendRequests, closeHttp } = require('./_harness');

class RequestContext {
  constructor(id, req) {
    this.id = id;
    this.method = req.method;
    this.url = req.url;
    this.startedAt = Date.now();
    this.user = { name: `user-${id % 97}`, roles: ['reader'] };
    this.status = 0;
  }
}

const contextsByRequestId = new Map();
let nextRequestId = 1;

function handleRequest(req, res) {
  const id = nextRequestId++;
  const ctx = new RequestContext(id, req);
  contextsByRequestId.set(id, ctx);
  res.on('finish', () => {
    ctx.status = res.statusCode;
    // BUG: the context is never removed from contextsByRequestId.
  });
  const body = JSON.stringify({ id, item: req.url.split('/').pop() });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
}

let server;
run({
  async setup() {
    server = await startHttpServer(handleRequest);
  },
  work: (first, count) => sendRequests(server, first, count, (i) => ({ path: `/api/items/${i}?ref=${i * 7}` })),
  teardown: () => closeHttp(server),
});
