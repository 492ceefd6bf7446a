'use strict';
// Scenario: an HTTP API that starts a status poller for each submitted job with setInterval
// and never calls clearInterval when the job is done.
// Leak: one StatusPoller per request (plus its Timeout), retained by the interval's callback
// closure, which Node's timer lists keep alive.
const { run, startHttpServer, sendRequests, closeHttp } = require('./_harness');

class StatusPoller {
  constructor(jobId, url) {
    this.jobId = jobId;
    this.url = url;
    this.checks = 0;
    this.lastStatus = 'queued';
  }
}

let nextJobId = 1;

function handleRequest(req, res) {
  const jobId = nextJobId++;
  const poller = new StatusPoller(jobId, req.url);
  // BUG: the interval is never cleared. Long periods with jitter: they never fire while the
  // scenario runs.
  setInterval(() => {
    poller.checks++;
  }, 60000 + (jobId % 10) * 1000);
  res.writeHead(202, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jobId, status: poller.lastStatus }));
}

let server;
run({
  async setup() {
    server = await startHttpServer(handleRequest);
  },
  work: (first, count) => sendRequests(server, first, count, (i) => ({ method: 'POST', path: `/jobs?n=${i}`, body: '{}' })),
  teardown: () => closeHttp(server),
});
