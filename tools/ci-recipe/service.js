'use strict';
// The service the CI recipe puts under load (tools/ci-recipe/leak-test.js): a small HTTP API that
// keeps a context per request in a module-level Map, so that later log lines can be correlated
// with the request. The leaky build never deletes the entries (the bug of
// tools/scenarios/map-cache.js); the fixed build deletes each entry once its response is sent
// (tools/scenarios/map-cache-fixed.js).
//
// In a real project this file is your application; the recipe only needs a way to start it in
// the test process and to send it work.
const http = require('http');

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

// Starts the API on 127.0.0.1 (ephemeral port). `fixed`: drop each context when its response
// has been sent. Resolves to the http.Server.
function startService({ fixed = false } = {}) {
  function handleRequest(req, res) {
    const id = nextRequestId++;
    const ctx = new RequestContext(id, req);
    contextsByRequestId.set(id, ctx);
    res.on('finish', () => {
      ctx.status = res.statusCode;
      if (fixed) contextsByRequestId.delete(id);
      // Leaky build: the context stays in contextsByRequestId forever.
    });
    const body = JSON.stringify({ id, item: req.url.split('/').pop() });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  }
  return new Promise((resolve, reject) => {
    const server = http.createServer(handleRequest);
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

module.exports = { startService };
