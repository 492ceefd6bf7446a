'use strict';
// A long-running version of map-cache.js for `heapsnap record` and `heapsnap capture` (the
// other scenarios write their own snapshots and exit). An HTTP server on 127.0.0.1 keeps a
// RequestContext per request in a module-level Map; a client in the same process sends requests
// all the time. With --fixed the entry is deleted when the response is sent (the fixed twin).
//
// Usage: node tools/scenarios/live-map-cache.js [--fixed] [--pause MS]
// Prints "ready" on stdout once serving. Only 127.0.0.1 is used; it ends by itself after two
// minutes, or on SIGTERM/SIGINT.
const http = require('http');

const fixed = process.argv.includes('--fixed');
const pauseArg = process.argv.indexOf('--pause');
const pause = pauseArg > 0 ? Number(process.argv[pauseArg + 1]) : 2;

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

const server = http.createServer((req, res) => {
  const id = nextRequestId++;
  const ctx = new RequestContext(id, req);
  contextsByRequestId.set(id, ctx);
  res.on('finish', () => {
    ctx.status = res.statusCode;
    if (fixed) contextsByRequestId.delete(id);  // the fix; without it every context stays
  });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ id, item: req.url.split('/').pop() }));
});

// Four clients, each sending its next request when the last answer is in, after `pause` ms: the
// load never outruns the server, so nothing queues up in the fixed twin.
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
let sent = 0;
function client() {
  const n = sent++;
  http.get({ host: '127.0.0.1', port: server.address().port, path: `/api/items/${n}?ref=${n * 7}`, agent },
    (res) => {
      res.resume();
      res.on('end', () => setTimeout(client, pause));
    }).on('error', () => {});
}

server.listen(0, '127.0.0.1', () => {
  for (let i = 0; i < 4; i++) client();
  console.log('ready');
});
const stop = () => { agent.destroy(); server.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setTimeout(stop, 120000).unref();
