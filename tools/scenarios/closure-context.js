'use strict';
// Scenario: a report worker. For each report it loads a batch of rows, computes a summary and
// keeps a small formatter closure for rendering the report later. The formatter uses only the
// summary, but V8 gives all closures of a function one shared context: a debug helper in the
// same function mentions the rows, so every kept formatter retains its whole RowBatch
// (256 doubles, ~2 KB) that it never uses.
// Leak: one RowBatch per report, retained through formatters[i] -> context -> batch.
const { run, sleep } = require('./_harness');

class RowBatch {
  constructor(reportId, size) {
    this.reportId = reportId;
    this.values = new Array(size);
    for (let i = 0; i < size; i++) this.values[i] = ((reportId * 31 + i * 17) % 1000) / 10 + 0.5;
  }
}

const formatters = [];

function buildReport(reportId) {
  const batch = new RowBatch(reportId, 256);
  const summary = { reportId, rows: batch.values.length, total: batch.values.reduce((a, b) => a + b, 0) };
  const dumpRows = () => console.error(batch.values.join(',')); // debug aid, unused in production
  if (process.env.REPORT_DEBUG) dumpRows();
  return function formatReport() {
    return `report ${summary.reportId}: ${summary.rows} rows, total ${summary.total.toFixed(1)}`;
  };
}

run({
  async work(first, count) {
    for (let i = first; i < first + count; i++) {
      formatters.push(buildReport(i)); // BUG: formatters are kept forever (and each pins a RowBatch)
      if (i % 100 === 99) await sleep(0); // yield like a real worker between batches
    }
  },
});
