'use strict';
// Scenario: a notification worker that renders a personalised HTML e-mail per user and
// memoises the rendered text in a module-level Map keyed by `notify:<user>:<template>`.
// Every user is new, so the cache only grows. Keys and values are strings only.
// Leak: two strings per job (a ~150-character rendered body and its key), retained by
// renderedByKey.
const { run, sleep } = require('./_harness');

const renderedByKey = new Map();

function render(user) {
  const key = `notify:${user.id}:welcome`;
  let html = renderedByKey.get(key);
  if (html === undefined) {
    const parts = ['<p class="greeting">Hello ', user.name, ',</p><p>Welcome aboard! Your plan: ', user.plan];
    parts.push('. Your account number is ', String(user.id), '.</p>');
    html = parts.join('');
    renderedByKey.set(key, html); // BUG: cached forever, one entry per user
  }
  return html;
}

run({
  async work(first, count) {
    let bytes = 0;
    for (let i = first; i < first + count; i++) {
      bytes += render({ id: 100000 + i, name: `User ${i}`, plan: ['free', 'pro', 'team'][i % 3] }).length;
      if (i % 100 === 99) await sleep(0);
    }
    return bytes;
  },
});
