'use strict';
// Scenario: a session store that keeps one Session per login (on purpose: sessions live for the
// whole run) and gives each a `permissions` string built at runtime by joining the role's
// permission list. Every Session gets its own copy of the same 97-character text.
// Leak (waste): 2000 identical strings per load phase, one per Session, all but one redundant.
const { run, sleep } = require('./_harness');

const PERMISSIONS = ['orders:read', 'orders:write', 'invoices:read', 'invoices:write',
  'customers:read', 'reports:export', 'settings:read'];

class Session {
  constructor(id) {
    this.id = id;
    this.user = `user-${id}`;
    this.permissions = PERMISSIONS.join(','); // BUG: a fresh copy of the same text per session
  }
}

const sessions = [];

run({
  async work(first, count) {
    for (let i = first; i < first + count; i++) {
      sessions.push(new Session(i));
      if (i % 100 === 99) await sleep(0);
    }
  },
});
