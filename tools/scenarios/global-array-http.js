'use strict';
// Scenario: an HTTP server that records every request it sees in an array on the global
// object ("for the admin page"), and never trims it.
// Leak: one RequestRecord (plus its url string) per request, retained by global.recentRequests.
const { run, startHttpServer, sendRequests, closeHttp } = require('./_harness');

class RequestRecord {
  constructor(id, req) {
    this.id = id;
    this.method = req.method;
    this.url = req.url;
    this.receivedAt = Date.now();
    this.remotePort = req.socket.remotePort;
  }
}

global.recentRequests = [];
let requestCount = 0;

function handleRequest(req, res) {
  const id = ++requestCount;
  global.recentRequests.push(new RequestRecord(id, req)); // BUG: never trimmed
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`hello #${id}\n`);
}

let server;
run({
  async setup() {
    server = await startHttpServer(handleRequest);
  },
  work: (first, count) => sendRequests(server, first, count, (i) => ({ path: `/hello?n=${i}` })),
  teardown: () => closeHttp(server),
});
