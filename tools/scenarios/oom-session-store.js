'use strict';
// Scenario: a session store that keeps every Session in a Map and never expires them, run until
// the process runs out of heap. Made with
//   node --heapsnapshot-near-heap-limit=1 --max-old-space-size=16 tools/scenarios/oom-session-store.js
// in a scratch directory: V8 writes one Heap.*.heapsnapshot as the heap nears its limit, then
// the process dies of OOM. That single snapshot is all there is (no baseline, no series), which
// is what `heapsnap suspects` is for. Leak: Session objects (each with a small history array of
// strings), retained by store.sessionsById.
class Session {
  constructor(id) {
    this.id = id;
    this.user = `user-${id % 1000}`;
    this.createdAt = Date.now();
    this.history = [`login ${id}`, `view /items/${id % 50}`];
  }
}

class SessionStore {
  constructor() {
    this.sessionsById = new Map();
  }
  open(id) {
    const session = new Session(id);
    this.sessionsById.set(id, session);  // BUG: sessions are never closed or expired
    return session;
  }
}

const store = new SessionStore();
let nextId = 1;
function tick() {
  for (let i = 0; i < 2000; i++) store.open(nextId++);
  setImmediate(tick);
}
tick();
