'use strict';
// A process with a heap big enough that a snapshot takes a while to stream (about half a million
// objects), for the test that kills a process in the middle of a capture. Prints "ready", then
// idles; ends by itself after a minute.
const keep = [];
for (let i = 0; i < 250000; i++) keep.push({ index: i, label: `item-${i}` });
globalThis.keep = keep;
console.log('ready');
setInterval(() => {}, 1000);
setTimeout(() => process.exit(0), 60000);
