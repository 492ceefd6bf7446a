'use strict';
// Scenario: a config service where every client subscription adds an 'update' listener to a
// module-level ConfigBus (an EventEmitter subclass). Each listener closure captures a 10 KiB
// Buffer (the client's last-seen config), and subscriptions are never removed.
// Leak: 120 listeners per load phase (12 in the warm-up), each holding a 10 KiB Buffer whose
// backing store lives outside the V8 heap: 1.2 MiB of ArrayBuffer backing stores per phase.
const EventEmitter = require('events');
const { run, sleep } = require('./_harness');

class ConfigBus extends EventEmitter {}

const configBus = new ConfigBus();
configBus.setMaxListeners(0); // "fixes" the MaxListenersExceededWarning

function subscribe(clientId) {
  const lastSeen = Buffer.alloc(10 * 1024, clientId & 0xff);
  configBus.on('update', function onConfigUpdate(config) {
    lastSeen.write(JSON.stringify(config).slice(0, 64));
  });
  // BUG: no configBus.off('update', ...) when the client goes away
}

run({
  warmup: 12,
  load: 120,
  async work(first, count) {
    for (let i = first; i < first + count; i++) {
      subscribe(i);
      if (i % 20 === 19) await sleep(0);
    }
    configBus.emit('update', { version: first + count });
  },
});
