#!/usr/bin/env python3
"""Checks the claims in testdata/scenarios/manifest.json against the real snapshots.

For every scenario it loads 1/2/3.heapsnapshot.gz and counts the nodes of the scenario's class
(`leak_class`, or `watch_class` for the no-leak controls), using DevTools' class key:
the node name for `object`/`native` nodes (the constructor name: plain objects count as
`Object`, although current DevTools shows them under inferred names like `{a, b}`), `Function`
for closures, `(system)` for hidden, `(compiled code)` for code, `(type)` otherwise (so
`(string)` counts flat strings only; `(concatenated string)` and `(sliced string)` are apart,
as in DevTools). Checks:
  - leaks:    count grows 1 -> 2 -> 3, and 2 -> 3 grows by at least half of leaked_per_phase;
  - controls: count 2 -> 3 stays flat (within 10 + 2% of the count);
  - retainer_path (leaks): for three objects leaked in the last phase (in snapshot 3, not in 2;
    with `string_prefix`, only strings starting with it), the retainer
    path DevTools would show (retainer with the smallest distance, weak edges and the root's
    edges skipped, distances computed from the user roots as DevTools does) contains the
    manifest's names, in order, among its named edges; with `min_retainer_depth`, the oldest
    instance's retainer path is at least that long;
  - alloc_site: the line exists in tools/<alloc_site> and is a statement (it is printed for
    review); for series recorded with allocation tracking, most leaked
    objects that have an allocation stack have a frame in that script, in the function
    (`alloc_function`) that contains alloc_site;
  - with --oracle: Chrome DevTools' own class aggregates (/work/shared/oracle/oracle devtools)
    show the same growth / flatness for `devtools_class` (default: the class above).
Exit status 0 when every check passes. Pure standard library; ~1 min for all scenarios.

usage: tools/check-scenarios.py [--dir testdata/scenarios] [--only NAME ...] [--verbose] [--oracle]
"""
import argparse
import collections
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
ORACLE = '/work/shared/oracle/oracle'


class Snapshot:
    def __init__(self, path):
        opener = gzip.open if path.endswith('.gz') else open
        with opener(path, 'rb') as f:
            d = json.load(f)
        meta = d['snapshot']['meta']
        self.nf = len(meta['node_fields'])
        self.ef = len(meta['edge_fields'])
        fi = {n: i for i, n in enumerate(meta['node_fields'])}
        self.f_type, self.f_name, self.f_id = fi['type'], fi['name'], fi['id']
        self.f_size, self.f_ecount = fi['self_size'], fi['edge_count']
        self.f_trace = fi.get('trace_node_id')
        self.node_types = meta['node_types'][0]
        self.edge_types = meta['edge_types'][0]
        self.nodes = d['nodes']
        self.edges = d['edges']
        self.strings = d['strings']
        self.trace_function_infos = d.get('trace_function_infos', [])
        self.trace_tree = d.get('trace_tree', [])
        self.tfi_fields = len(meta.get('trace_function_info_fields', [])) or 6
        self.n = len(self.nodes) // self.nf
        first = [0] * (self.n + 1)
        for i in range(self.n):
            first[i + 1] = first[i] + self.nodes[i * self.nf + self.f_ecount]
        self.first_edge = first
        assert first[self.n] * self.ef == len(self.edges), 'edge_count mismatch'

    def type(self, i):
        return self.node_types[self.nodes[i * self.nf + self.f_type]]

    def name(self, i):
        return self.strings[self.nodes[i * self.nf + self.f_name]]

    def id(self, i):
        return self.nodes[i * self.nf + self.f_id]

    def self_size(self, i):
        return self.nodes[i * self.nf + self.f_size]

    def class_key(self, i):
        t = self.type(i)
        if t in ('object', 'native'):
            return self.name(i)
        if t == 'closure':
            return 'Function'
        if t == 'regexp':
            return 'RegExp'
        if t == 'hidden':
            return '(system)'
        if t == 'code':
            return '(compiled code)'
        return '(' + t + ')'

    def out_edges(self, i):
        """Yields (edge_type, name, target_ordinal)."""
        for e in range(self.first_edge[i], self.first_edge[i + 1]):
            b = e * self.ef
            t = self.edge_types[self.edges[b]]
            n = self.edges[b + 1]
            if t not in ('element', 'hidden'):
                n = self.strings[n]
            yield t, n, self.edges[b + 2] // self.nf

    def of_class(self, cls):
        return [i for i in range(self.n) if self.class_key(i) == cls]

    def distances(self):
        """DevTools-like distances: BFS over non-weak edges from the root's non-synthetic
        children at distance 1; what that misses gets 1e8 + BFS distance from the root."""
        if hasattr(self, '_dist'):
            return self._dist
        dist = [-1] * self.n
        dist[0] = 0
        frontier = []
        for t, _, j in self.out_edges(0):
            if t != 'weak' and dist[j] < 0 and self.type(j) != 'synthetic':
                dist[j] = 1
                frontier.append(j)
        self._bfs(dist, frontier)
        base = 100_000_000
        frontier = []
        for t, _, j in self.out_edges(0):
            if t != 'weak' and dist[j] < 0:
                dist[j] = base + 1
                frontier.append(j)
        self._bfs(dist, frontier)
        self._dist = dist
        return dist

    def _bfs(self, dist, frontier):
        while frontier:
            nxt = []
            for i in frontier:
                d = dist[i] + 1
                for t, _, j in self.out_edges(i):
                    if t != 'weak' and dist[j] < 0:
                        dist[j] = d
                        nxt.append(j)
            frontier = nxt

    def retainers(self):
        if hasattr(self, '_ret'):
            return self._ret
        ret = [[] for _ in range(self.n)]
        for i in range(self.n):
            for t, name, j in self.out_edges(i):
                ret[j].append((t, name, i))
        self._ret = ret
        return ret

    def retainer_path(self, i, limit=100000):
        """[(edge_type, name, from_ordinal)] from node i up towards a root, each step taking the
        retainer with the smallest distance (weak edges and edges from the root skipped)."""
        dist = self.distances()
        ret = self.retainers()
        path = []
        seen = {i}
        while dist[i] > 1 and len(path) < limit:
            best = None
            for t, name, j in ret[i]:
                if t == 'weak' or j == 0 or j in seen or dist[j] < 0:
                    continue
                if best is None or dist[j] < dist[best[2]]:
                    best = (t, name, j)
            if best is None:
                break
            path.append(best)
            seen.add(best[2])
            i = best[2]
        path.reverse()
        return path

    def alloc_stack(self, i):
        """Function frames (name, script, line) of node i's allocation, top frame first."""
        if self.f_trace is None or not self.trace_tree:
            return []
        tid = self.nodes[i * self.nf + self.f_trace]
        if tid == 0:
            return []
        if not hasattr(self, '_trace_parent'):
            parent, fn = {}, {}

            def walk(arr, par):
                for k in range(0, len(arr), 5):
                    nid, fidx, _, _, children = arr[k:k + 5]
                    parent[nid] = par
                    fn[nid] = fidx
                    walk(children, nid)
            walk(self.trace_tree, 0)
            self._trace_parent, self._trace_fn = parent, fn
        frames = []
        while tid:
            f = self._trace_fn[tid] * self.tfi_fields
            info = self.trace_function_infos[f:f + self.tfi_fields]
            frames.append((self.strings[info[1]], self.strings[info[2]], info[4]))
            tid = self._trace_parent.get(tid, 0)
        return frames


def is_subsequence(needle, hay):
    it = iter(hay)
    return all(any(x == y for y in it) for x in needle)


def describe_path(snap, path, target):
    parts = []
    for t, name, j in path:
        parts.append(f'{snap.class_key(j)}@{snap.id(j)} -{t}:{name}->')
    parts.append(f'{snap.class_key(target)}@{snap.id(target)}')
    return ' '.join(parts)


def judge_counts(sc, cls, counts):
    c1, c2, c3 = counts
    if sc['leaks']:
        per_phase = sc.get('leaked_per_phase', 1)
        if not (c1 < c2 < c3):
            return [f'{cls} does not grow 1->2->3: {counts}']
        if c3 - c2 < per_phase / 2:
            return [f'{cls} grows 2->3 by {c3 - c2}, < half of leaked_per_phase={per_phase}']
    elif abs(c3 - c2) > 10 + 0.02 * c2:
        return [f'{cls} is not flat 2->3: {counts}']
    return []


def oracle_class_count(gz_path, cls):
    """Instance count of class `cls` in Chrome DevTools' own Summary view (0 if absent)."""
    with tempfile.NamedTemporaryFile(suffix='.heapsnapshot') as tmp:
        with gzip.open(gz_path, 'rb') as f:
            shutil.copyfileobj(f, tmp)
        tmp.flush()
        out = subprocess.run([ORACLE, 'devtools', tmp.name, '--top', '1'], check=True,
                             capture_output=True, text=True).stdout
    return next((c['count'] for c in json.loads(out)['classes'] if c['name'] == cls), 0)


def check_scenario(sc, directory, verbose, oracle):
    name = sc['name']
    problems = []
    cls = sc.get('leak_class') if sc['leaks'] else sc.get('watch_class')
    snaps = []
    counts = []
    totals = []
    for k in (1, 2, 3):
        p = os.path.join(directory, name, f'{k}.heapsnapshot.gz')
        if not os.path.exists(p):
            return [f'missing {p}'], None
        s = Snapshot(p)
        snaps.append(s)
        counts.append(len(s.of_class(cls)) if cls else None)
        totals.append(s.n)
    line = {'name': name, 'class': cls, 'counts': counts, 'node_counts': totals}

    if cls:
        problems += judge_counts(sc, cls, counts)

    if oracle and cls:
        dcls = sc.get('devtools_class', cls)
        ocounts = [oracle_class_count(os.path.join(directory, name, f'{k}.heapsnapshot.gz'), dcls) for k in (1, 2, 3)]
        line['devtools'] = {'class': dcls, 'counts': ocounts}
        problems += ['DevTools: ' + p for p in judge_counts(sc, dcls, ocounts)]

    if sc['leaks'] and cls:
        s = snaps[2]
        want = sc.get('retainer_path', [])
        # The objects leaked by the last load phase: in snapshot 3, not in snapshot 2 (ids are
        # stable across snapshots of one process). Sample a quarter, half and three quarters in.
        before = {snaps[1].id(i) for i in range(snaps[1].n)}
        leaked = [i for i in s.of_class(cls) if s.id(i) not in before]
        if sc.get('string_prefix'):
            leaked = [i for i in leaked if s.name(i).startswith(sc['string_prefix'])]
        leaked.sort(key=s.id)
        samples = [leaked[len(leaked) * q // 4] for q in (1, 2, 3)] if leaked else []
        shown = []
        for i in samples:
            path = s.retainer_path(i)
            names = [str(n) for t, n, _ in path if t not in ('element', 'hidden')]
            shown.append((path, i, names))
            if not is_subsequence(want, names):
                problems.append(f'retainer path of {cls}@{s.id(i)} lacks {want}: '
                                + describe_path(s, path[-12:], i))
        depth = sc.get('min_retainer_depth')
        if depth:
            oldest = min(s.of_class(cls), key=s.id)
            line['oldest_path_length'] = n = len(s.retainer_path(oldest))
            if n < depth:
                problems.append(f'oldest {cls} is only {n} edges deep, want >= {depth}')
        if verbose and shown:
            path, i, _ = shown[0]
            line['path_sample'] = describe_path(s, path if len(path) <= 16 else path[:6] + path[-10:], i)
            line['path_length'] = len(path)

    site = sc.get('alloc_site')
    if site:
        script, _, lineno = site.rpartition(':')
        fpath = os.path.join(HERE, script)
        try:
            text = open(fpath, encoding='utf-8').read().split('\n')[int(lineno) - 1]
        except (OSError, IndexError, ValueError):
            problems.append(f'alloc_site {site}: no such line')
        else:
            if not text.strip() or text.strip().startswith('//'):
                problems.append(f'alloc_site {site} is not a statement: {text.strip()!r}')
            line['alloc_line'] = text.strip()
        s = snaps[2]
        if s.trace_tree:
            # Allocation tracking: the stack's frame in the scenario script must be the function
            # that contains alloc_site (trace_function_infos give the function's first line).
            leaked = s.of_class(cls)
            frames = collections.Counter()
            for i in leaked:
                frames[next(((fname, ln) for fname, sp, ln in s.alloc_stack(i) if sp.endswith(script)), None)] += 1
            with_stack = sum(v for k, v in frames.items() if k is not None)
            top = max(((k, v) for k, v in frames.items() if k is not None), key=lambda kv: kv[1], default=(None, 0))
            line['alloc_frame'] = {'function': top[0] and top[0][0], 'line': top[0] and top[0][1],
                                   'objects': top[1], 'with_stack': with_stack, 'leaked': len(leaked)}
            want_fn = sc.get('alloc_function')
            if top[0] is None or top[1] < with_stack / 2 or with_stack < len(leaked) / 4:
                problems.append(f'allocation stacks of {cls} do not name {script}: {frames.most_common(3)}')
            elif top[0][1] > int(lineno) or (want_fn and top[0][0] != want_fn):
                problems.append(f'allocation frame {top[0]} does not contain {site} ({want_fn})')
    return problems, line


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--dir', default=os.path.join(REPO, 'testdata', 'scenarios'))
    ap.add_argument('--only', nargs='*')
    ap.add_argument('--verbose', '-v', action='store_true', help='print a sample retainer path')
    ap.add_argument('--oracle', action='store_true', help='also count with Chrome DevTools (slower)')
    a = ap.parse_args()
    with open(os.path.join(a.dir, 'manifest.json'), encoding='utf-8') as f:
        manifest = json.load(f)
    failed = 0
    for sc in manifest['scenarios']:
        if a.only and sc['name'] not in a.only:
            continue
        problems, line = check_scenario(sc, a.dir, a.verbose, a.oracle)
        status = 'FAIL' if problems else 'ok'
        print(f'{status:4} {json.dumps(line)}', flush=True)
        for p in problems:
            print(f'     - {p}')
        failed += bool(problems)
    print(f'{failed} scenario(s) failed' if failed else 'all scenarios ok')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
