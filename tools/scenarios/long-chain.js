'use strict';
// Scenario: the operation log of a collaborative-editing service. Every edit is recorded as an
// EditOperation that points to the previous one (for undo), and the module keeps only the
// newest. Nothing ever cuts the history, so all edits stay reachable through one chain of
// `previous` links: more than 4000 links long by the last snapshot.
// Leak: one EditOperation (plus its payload object) per edit, retained by
// latestEdit -> previous -> previous -> ...
const { run, sleep } = require('./_harness');

class EditOperation {
  constructor(seq, docId, kind, payload, previous) {
    this.seq = seq;
    this.docId = docId;
    this.kind = kind;
    this.payload = payload;
    this.previous = previous;
  }
}

let latestEdit = null;

function applyEdit(seq) {
  const kind = ['insert', 'delete', 'format'][seq % 3];
  const payload = { offset: (seq * 13) % 5000, length: 1 + (seq % 7) };
  latestEdit = new EditOperation(seq, `doc-${seq % 4}`, kind, payload, latestEdit); // BUG: history never cut
  return latestEdit.seq;
}

run({
  async work(first, count) {
    for (let i = first; i < first + count; i++) {
      applyEdit(i);
      if (i % 100 === 99) await sleep(0); // edits arrive in bursts
    }
  },
});
