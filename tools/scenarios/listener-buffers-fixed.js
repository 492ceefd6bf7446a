'use strict';
// Control: the fixed twin of listener-buffers. Each client subscribes an 'update' listener that
// captures a 10 KiB Buffer, and unsubscribes when it is done, so the ConfigBus holds no
// listeners (and no buffers) at snapshot time.
const EventEmitter = require('events');
const { run, sleep } = require('./_harness');

class ConfigBus extends EventEmitter {}

const configBus = new ConfigBus();
configBus.setMaxListeners(0);

function subscribe(clientId) {
  const lastSeen = Buffer.alloc(10 * 1024, clientId & 0xff);
  const onConfigUpdate = (config) => {
    lastSeen.write(JSON.stringify(config).slice(0, 64));
  };
  configBus.on('update', onConfigUpdate);
  return () => configBus.off('update', onConfigUpdate); // FIX: unsubscribe
}

run({
  warmup: 12,
  load: 120,
  async work(first, count) {
    const unsubscribes = [];
    for (let i = first; i < first + count; i++) {
      unsubscribes.push(subscribe(i));
      if (i % 20 === 19) await sleep(0);
    }
    configBus.emit('update', { version: first + count });
    for (const unsubscribe of unsubscribes) unsubscribe();
  },
});
