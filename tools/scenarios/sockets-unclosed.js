'use strict';
// Scenario: a service that, for each job, opens a TCP connection to a backend (here a small
// line-protocol server in the same process, on 127.0.0.1), sends one command, reads the reply
// and then forgets the connection: it never calls end() or destroy(). The backend keeps its side
// open too, waiting for the client to hang up.
// Leak: two net Socket objects per job (client side and backend side, each with its TCP handle,
// stream state and buffers), retained by the open TCP handles. Bounded: 200 jobs per phase.
const net = require('net');
const { run } = require('./_harness');

function startBackend() {
  return new Promise((resolve) => {
    const backend = net.createServer((conn) => {
      conn.setEncoding('utf8');
      conn.on('data', (line) => conn.write(`OK ${line.trim().length}\n`));
    });
    backend.listen(0, '127.0.0.1', () => resolve(backend));
  });
}

function runJob(port, jobId) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setEncoding('utf8');
    socket.once('error', reject);
    socket.once('data', (reply) => {
      // BUG: the connection is never closed (socket.end() is missing).
      resolve(reply);
    });
    socket.write(`STATUS job-${jobId}\n`);
  });
}

let backend;
run({
  warmup: 20,
  load: 200,
  async setup() {
    backend = await startBackend();
  },
  async work(first, count) {
    const { port } = backend.address();
    for (let i = first; i < first + count; i += 10) {
      const batch = [];
      for (let k = i; k < Math.min(i + 10, first + count); k++) batch.push(runJob(port, k));
      await Promise.all(batch);
    }
  },
  async teardown() {
    // Close what the "service" leaked, so the process ends cleanly.
    for (const handle of process._getActiveHandles()) {
      if (handle instanceof net.Socket && handle.remoteAddress === '127.0.0.1') handle.destroy();
    }
    await new Promise((resolve) => backend.close(resolve));
  },
});
