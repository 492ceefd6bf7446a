'use strict';
// Scenario: an HTTP server with a module-level EventEmitter for config reloads. Each request
// subscribes a listener so its session can react to a config change while it runs, and never
// unsubscribes. setMaxListeners was raised to silence Node's leak warning instead of fixing it.
// Leak: one ClientSession per request, retained by the listener closure that captures it.
const EventEmitter = require('events');
const { run, startHttpServer, sendRequests, closeHttp } = require('./_harness');

class ClientSession {
  constructor(id, req) {
    this.id = id;
    this.path = req.url;
    this.locale = req.headers['accept-language'] || 'en';
    this.config = null;
  }
}

const configBus = new EventEmitter();
configBus.setMaxListeners(1e6); // "fixes" the MaxListenersExceededWarning
let nextSessionId = 1;

function handleRequest(req, res) {
  const session = new ClientSession(nextSessionId++, req);
  // BUG: the listener (and through it the session) is never removed.
  configBus.on('configChanged', (config) => {
    session.config = config;
  });
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(`<p>session ${session.id}</p>`);
}

let server;
run({
  async setup() {
    server = await startHttpServer(handleRequest);
  },
  work: (first, count) =>
    sendRequests(server, first, count, (i) => ({ path: `/page/${i}`, headers: { 'accept-language': i % 2 ? 'de' : 'fr' } })),
  teardown: () => closeHttp(server),
});
