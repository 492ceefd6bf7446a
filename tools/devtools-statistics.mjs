// Prints what Chrome DevTools' own heap-snapshot worker shows in its Statistics view for each
// snapshot given (plain or gzip), one JSON object per line:
//   {file, total, v8heap: {total, code, strings, jsArrays, system}, native: {total, typedArrays}}
// (JSHeapSnapshot.getStatistics()). The expected values in
// tests/unit/analysis/heap_statistics_test.cpp come from it.
//
// It imports DevTools' TypeScript-compiled worker, so it runs bundled, next to the oracle's
// packages (/work/shared/oracle/install.sh installs them into ~/.cache/heapsnap-oracle):
//   D=$(/work/shared/oracle/install.sh)
//   NODE_PATH=$D/node_modules $D/node_modules/.bin/esbuild tools/devtools-statistics.mjs --bundle \
//     --platform=node --format=esm --target=node20 --outfile=/tmp/devtools-statistics.bundle.mjs \
//     --log-level=warning --banner:js="$(sed -n 's/^\/\/ BANNER: //p' tools/devtools-statistics.mjs)"
//   node /tmp/devtools-statistics.bundle.mjs testdata/scenarios/map-cache/3.heapsnapshot.gz
// The banner gives Node 20 the Promise.withResolvers that the worker uses (as the oracle does):
// BANNER: if(!Promise.withResolvers){Promise.withResolvers=function(){let resolve,reject;const promise=new Promise((a,b)=>{resolve=a;reject=b;});return {promise,resolve,reject};};}
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import {MessageChannel} from 'node:worker_threads';
import {HeapSnapshotLoader} from 'chrome-devtools-frontend/front_end/entrypoints/heap_snapshot_worker/HeapSnapshotLoader.js';
import {SecondaryInitManager} from 'chrome-devtools-frontend/front_end/entrypoints/heap_snapshot_worker/HeapSnapshot.js';

console.log = console.warn = (...a) => process.stderr.write(a.join(' ') + '\n');
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: devtools-statistics FILE...');
  process.exit(2);
}
for (const file of files) {
  let bytes = fs.readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = zlib.gunzipSync(bytes);
  const loader = new HeapSnapshotLoader({sendEvent() {}});
  const chunk = 16 << 20;
  const decoder = new TextDecoder('utf-8');
  for (let pos = 0; pos < bytes.length; pos += chunk) {
    loader.write(decoder.decode(bytes.subarray(pos, pos + chunk), {stream: true}));
    await new Promise(r => setImmediate(r));
  }
  loader.close();
  await loader.parsingComplete;
  const channel = new MessageChannel();
  new SecondaryInitManager(channel.port2);
  const snapshot = await loader.buildSnapshot(channel.port1);
  process.stdout.write(JSON.stringify({file, ...snapshot.getStatistics()}) + '\n');
  channel.port1.close();
  channel.port2.close();
}
process.exit(0);
