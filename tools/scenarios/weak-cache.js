'use strict';
// Scenario (control, no leak): an HTTP server that memoises per-request data weakly.
//  - metaByRequest: a WeakMap keyed by the request object; each value (RequestMeta) lives only
//    as long as its request.
//  - fragmentCache: a Map of WeakRefs to rendered fragments, emptied by a FinalizationRegistry
//    when a fragment has been collected.
// Keys and referents die with their requests, so nothing grows between snapshots 2 and 3.
const { run, startHttpServer, sendRequests, closeHttp } = require('./_harness');

class RequestMeta {
  constructor(req) {
    const url = new URL(req.url, 'http://localhost');
    this.route = url.pathname;
    this.page = Number(url.searchParams.get('page') || 1);
    this.acceptsJson = (req.headers.accept || '').includes('json');
  }
}

class RenderedFragment {
  constructor(key, html) {
    this.key = key;
    this.html = html;
  }
}

const metaByRequest = new WeakMap();
const fragmentCache = new Map();
const fragmentRegistry = new FinalizationRegistry((key) => {
  const ref = fragmentCache.get(key);
  if (ref && ref.deref() === undefined) fragmentCache.delete(key);
});

function requestMeta(req) {
  let meta = metaByRequest.get(req);
  if (!meta) {
    meta = new RequestMeta(req);
    metaByRequest.set(req, meta);
  }
  return meta;
}

function renderFragment(key, meta) {
  const cached = fragmentCache.get(key)?.deref();
  if (cached) return cached;
  const fragment = new RenderedFragment(key, `<nav data-route="${meta.route}">page ${meta.page}</nav>`);
  fragmentCache.set(key, new WeakRef(fragment));
  fragmentRegistry.register(fragment, key);
  return fragment;
}

function handleRequest(req, res) {
  const meta = requestMeta(req);
  const fragment = renderFragment(`${meta.route}?page=${meta.page}`, requestMeta(req));
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(fragment.html);
}

let server;
run({
  async setup() {
    server = await startHttpServer(handleRequest);
  },
  work: (first, count) => sendRequests(server, first, count, (i) => ({ path: `/list/${i % 50}?page=${i}` })),
  teardown: () => closeHttp(server),
});
