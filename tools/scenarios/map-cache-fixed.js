'use strict';
// Scenario (control, no leak): the fixed twin of map-cache.js. The per-request context is
// still kept in a module-level Map keyed by request id, but the entry is deleted when the
// response has been sent, so the Map stays bounded by the requests in flight.
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
    contextsByRequestId.delete(id); // FIX: done with the request, drop its context
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
