'use strict';
// Control: the healthy twin of timers-uncleared, sockets-unclosed, closure-context and
// duplicate-strings, in one service. Per job it
//   - starts a status poll with setInterval and clears it when the job is done, and arms a
//     short setTimeout that fires;
//   - opens a net connection to a backend in the same process (127.0.0.1), reads one reply and
//     closes both sides;
//   - keeps a small formatter closure per report that captures only the numbers it prints
//     (not the RowBatch it was computed from);
//   - keeps a Session per login whose `permissions` string is one shared constant.
// Sessions and formatters are kept in bounded rings (the newest KEEP of each), carry no captured
// batches and no duplicate strings; nothing grows.
const net = require('net');
const { run, sleep } = require('./_harness');

const PERMISSIONS = ['orders:read', 'orders:write', 'invoices:read', 'invoices:write',
  'customers:read', 'reports:export', 'settings:read'].join(',');

class Session {
  constructor(id) {
    this.id = id;
    this.user = `user-${id}`;
    this.permissions = PERMISSIONS; // one string shared by every session
  }
}

class RowBatch {
  constructor(reportId, size) {
    this.reportId = reportId;
    this.values = new Array(size);
    for (let i = 0; i < size; i++) this.values[i] = ((reportId * 31 + i * 17) % 1000) / 10 + 0.5;
  }
}

const KEEP = 500;
const sessions = new Array(KEEP).fill(null);
const formatters = new Array(KEEP).fill(null);

function buildReport(reportId) {
  const batch = new RowBatch(reportId, 256);
  const rows = batch.values.length;
  const total = batch.values.reduce((a, b) => a + b, 0);
  return function formatReport() {
    return `report ${reportId}: ${rows} rows, total ${total.toFixed(1)}`;
  };
}

function pollUntilDone(jobId) {
  return new Promise((resolve) => {
    let checks = 0;
    const poll = setInterval(() => {
      checks++;
      if (checks >= 2) {
        clearInterval(poll); // FIX: the poll ends with the job
        resolve(jobId);
      }
    }, 1);
  });
}

function startBackend() {
  return new Promise((resolve) => {
    const backend = net.createServer((conn) => {
      conn.setEncoding('utf8');
      conn.on('data', (line) => conn.end(`OK ${line.trim().length}\n`)); // reply and close
    });
    backend.listen(0, '127.0.0.1', () => resolve(backend));
  });
}

function queryBackend(port, jobId) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setEncoding('utf8');
    socket.once('error', reject);
    socket.once('data', (reply) => {
      socket.end(); // FIX: close the connection once the reply is in
      resolve(reply);
    });
    socket.write(`STATUS job-${jobId}\n`);
  });
}

let backend;
run({
  async setup() {
    backend = await startBackend();
  },
  async work(first, count) {
    const { port } = backend.address();
    for (let i = first; i < first + count; i += 10) {
      const jobs = [];
      for (let k = i; k < Math.min(i + 10, first + count); k++) {
        sessions[k % KEEP] = new Session(k); // bounded: overwrites the oldest
        formatters[k % KEEP] = buildReport(k);
        setTimeout(() => {}, 1);
        jobs.push(pollUntilDone(k));
        if (k % 10 === 0) jobs.push(queryBackend(port, k));
      }
      await Promise.all(jobs);
    }
  },
  async teardown() {
    await new Promise((resolve) => backend.close(resolve));
  },
});
