// Reads a V8 .cpuprofile (node --cpu-prof) and names where the time went: self time per
// function and per part of the code (gateway layer, adapter, library, Node internals, GC).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time without idle, ms. */
  busyMs: number;
  idleMs: number;
  functions: { name: string; ms: number }[];
  parts: { name: string; ms: number }[];
  /**
   * Time charged to the innermost project layer on the stack (gateway/codec, adapters/dav...),
   * library and Node calls included; `(outside the project)` for startup, GC and the like.
   */
  layers: { name: string; ms: number }[];
}

/** Where a script belongs: `gateway/codec`, `adapters/dav`, `node_modules/saxes`, `node:internal`... */
function partOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return `node_modules/${modules[1]}`;
  const own = /\/(gateway|adapters)\/([^/]+)(?:\/|$)/.exec(url);
  if (own) return own[2]!.includes('.') ? own[1]! : `${own[1]}/${own[2]}`;
  if (url.startsWith('node:')) return url.startsWith('node:internal/deps/undici') ? 'node:undici (fetch)' : 'node:internal';
  return url;
}

function shortUrl(url: string): string {
  const i = url.search(/\/(gateway|adapters|node_modules)\//);
  return i >= 0 ? url.slice(i + 1) : url.replace(/^file:\/\//, '');
}

export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** For stacks without a project frame: what they are, judged from the whole stack. */
  const outsideKind = (leaf: number): string => {
    const urls: string[] = [];
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) urls.push(byId.get(id)!.callFrame.url);
    const any = (re: RegExp) => urls.some((u) => re.test(u));
    if (any(/node:internal\/modules|\/tsx\/|esbuild|cjs-module-lexer/)) return '(module loading: startup, tsx)';
    if (any(/undici/)) return '(fetch: undici, after an await)';
    if (any(/_http_|node:net|node:stream|node_modules\/(express|router|body-parser|raw-body)/)) return '(HTTP server: node:http, express)';
    if (any(/node_modules\/(pino|thread-stream|sonic-boom)/)) return '(logging: pino)';
    return '(outside the project: other)';
  };
  const layerCache = new Map<number, string>();
  /** The innermost gateway/adapters layer on the stack of a sampled node, else what the stack is. */
  const layerOf = (leaf: number): string => {
    const cached = layerCache.get(leaf);
    if (cached !== undefined) return cached;
    let layer: string | undefined;
    for (let id: number | undefined = leaf; id !== undefined && layer === undefined; id = parent.get(id)) {
      const own = /\/(gateway|adapters)\/([^/]+)(?:\/|$)/.exec(byId.get(id)!.callFrame.url);
      if (own) layer = own[2]!.includes('.') ? own[1]! : `${own[1]}/${own[2]}`;
    }
    layer ??= outsideKind(leaf);
    layerCache.set(leaf, layer);
    return layer;
  };
  const layers = new Map<string, number>();
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const functions = new Map<string, number>();
  const parts = new Map<string, number>();
  let idleMs = 0;
  let busyMs = 0;
  for (const [id, ms] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    busyMs += ms;
    const name = `${functionName || '(anonymous)'} ${url ? `${shortUrl(url)}:${lineNumber + 1}` : ''}`.trim();
    functions.set(name, (functions.get(name) ?? 0) + ms);
    const part = partOf(url, functionName);
    parts.set(part, (parts.get(part) ?? 0) + ms);
    const layer = functionName === '(garbage collector)' ? '(garbage collector)' : layerOf(id);
    layers.set(layer, (layers.get(layer) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return { busyMs, idleMs, functions: sorted(functions).slice(0, top), parts: sorted(parts).slice(0, top), layers: sorted(layers).slice(0, top) };
}
