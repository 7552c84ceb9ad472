// Seeded, deterministic mutations of a message. On bytes: bit flips, truncation, duplication
// of a slice, insertion of SyncML/XML tokens, numbers swapped for hostile ones. On the element
// tree (decoded, changed, encoded again in the message's own encoding, so the result stays
// well-formed and reaches the protocol layer and the engine): elements removed, duplicated,
// renamed, moved, reordered, their text replaced by hostile values. A case is fully given by
// (seed, case index), so any failure replays alone.
import { decode, encode, type Element, type Encoding } from '../../../gateway/codec/index.ts';

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The PRNG of case `index` of a run seeded with `seed`. */
export function caseRandom(seed: number, index: number): () => number {
  return prng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
}

const TOKENS = [
  '<', '>', '</', '/>', '&', '&amp;', '&#0;', '&#xD800;', '&lol;', ']]>', '<![CDATA[', '<!--', '-->', '\r\n', '\r', '\0', '\xff', '\xc3',
  '<?xml version="1.0" encoding="UTF-16"?>', '<!DOCTYPE SyncML [<!ENTITY a "b">]>', '<!DOCTYPE SyncML SYSTEM "http://127.0.0.1:1/x.dtd">',
  '<SyncML>', '</SyncHdr>', '<SyncBody>', '</SyncBody>', '<Final/>', '<NoResp/>', '<MoreData/>', '<Sync>', '</Sync>', '<Item>', '</Item>',
  ' xmlns="syncml:metinf"', ' xmlns:p="urn:p"', '<p:Data>', '<mi:Format>b64</mi:Format>',
  '<MsgID>2</MsgID>', '<CmdID>1</CmdID>', '<SessionID>1</SessionID>', '<VerDTD>9.9</VerDTD>', '<VerProto>DM/1.2</VerProto>',
  '<Meta><Format xmlns="syncml:metinf">des;b64</Format></Meta>', '<Meta><MaxMsgSize xmlns="syncml:metinf">0</MaxMsgSize></Meta>',
  '<Meta><Size xmlns="syncml:metinf">99999999999999</Size></Meta>', '<Data>', '</Data>', '<Data/>', '<LocURI>../bob@example.com/contacts</LocURI>',
  '<Target><LocURI>%2e%2e%2fcontacts</LocURI></Target>', '<Source><LocURI></LocURI></Source>',
  '<Add><CmdID>77</CmdID><Item><Source><LocURI>Z1</LocURI></Source><Data>BEGIN:VCARD\r\nEND:VCARD</Data></Item></Add>',
  '<Replace><CmdID>78</CmdID><Item><Target><LocURI>item-1.vcf</LocURI></Target><Data>x</Data></Item></Replace>',
  '<Delete><CmdID>79</CmdID><Item><Target><LocURI>../x</LocURI></Target></Item></Delete>',
  '<Alert><CmdID>80</CmdID><Data>222</Data></Alert>', '<Alert><CmdID>81</CmdID><Data>200</Data><Item><Target><LocURI>contacts</LocURI></Target></Item></Alert>',
  '<Status><CmdID>82</CmdID><MsgRef>1</MsgRef><CmdRef>1</CmdRef><Cmd>Add</Cmd><Data>201</Data></Status>',
  '<Map><CmdID>83</CmdID><Target><LocURI>contacts</LocURI></Target><Source><LocURI>./contacts</LocURI></Source><MapItem><Target><LocURI>g</LocURI></Target><Source><LocURI>l</LocURI></Source></MapItem></Map>',
  '<Get><CmdID>84</CmdID><Item><Target><LocURI>./devinf12</LocURI></Target></Item></Get>', '<Atomic><CmdID>85</CmdID>', '</Atomic>',
];

const NUMBERS = ['-1', '0', '99999999999999999999', '1e309', 'NaN', '0x10', ' 7 ', ''];

function pick<T>(rng: () => number, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)] as T;
}

function at(rng: () => number, bytes: Uint8Array, afterTag: boolean): number {
  const position = Math.floor(rng() * (bytes.length + 1));
  if (!afterTag) return position;
  const gt = bytes.indexOf(0x3e, position);
  return gt < 0 ? position : gt + 1;
}

const latin1 = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const splice = (bytes: Uint8Array, start: number, removed: number, inserted: Uint8Array): Uint8Array =>
  Buffer.concat([bytes.subarray(0, start), inserted, bytes.subarray(start + removed)]);

type Mutation = (bytes: Uint8Array, rng: () => number) => { bytes: Uint8Array; step: string };

const MUTATIONS: readonly Mutation[] = [
  (bytes, rng) => {
    const out = Uint8Array.from(bytes);
    const flips = 1 + Math.floor(rng() * 8);
    const positions: number[] = [];
    for (let i = 0; i < flips && out.length > 0; i++) {
      const p = Math.floor(rng() * out.length);
      out[p]! ^= 1 << Math.floor(rng() * 8);
      positions.push(p);
    }
    return { bytes: out, step: `flip bits at ${positions.join(',')}` };
  },
  (bytes, rng) => {
    const cut = Math.floor(rng() * bytes.length);
    return { bytes: bytes.subarray(0, cut), step: `truncate at ${cut}` };
  },
  (bytes, rng) => {
    const start = Math.floor(rng() * bytes.length);
    const length = Math.min(bytes.length - start, 1 + Math.floor(rng() * 2048));
    const to = at(rng, bytes, rng() < 0.5);
    return { bytes: splice(bytes, to, 0, bytes.slice(start, start + length)), step: `duplicate ${start}+${length} at ${to}` };
  },
  (bytes, rng) => {
    const token = pick(rng, TOKENS);
    const to = at(rng, bytes, rng() < 0.7);
    return { bytes: splice(bytes, to, 0, latin1(token)), step: `insert ${JSON.stringify(token)} at ${to}` };
  },
  (bytes, rng) => {
    const text = Buffer.from(bytes).toString('latin1');
    const numbers = [...text.matchAll(/>(\d+)</g)];
    if (numbers.length === 0) return { bytes, step: 'no number to replace' };
    const match = pick(rng, numbers);
    const value = pick(rng, NUMBERS);
    const start = (match.index ?? 0) + 1;
    return { bytes: splice(bytes, start, match[1]!.length, latin1(value)), step: `number at ${start} -> ${JSON.stringify(value)}` };
  },
];

const VALUES = [
  '', '-1', '0', '1', '222', '99999999999999999999', 'NaN', ' 200 ', '../bob@example.com/contacts', '%2e%2e%2fbob', 'http://127.0.0.1:1/x',
  'des;b64', '3des;b64', 'b64', 'b64;des', 'text/x-vcard', 'application/vnd.syncml-devinf+xml', 'syncml:auth-md5', 'SyncML/1.2', 'DM/1.2',
  '<', ']]>', '&', '\r\n', '\r', 'BEGIN:VCARD\r\nVERSION:2.1\r\nN:;\r\nEND:VCARD\r\n', 'BEGIN:VCARD', 'x'.repeat(10_000), '\u202e\ufeff',
];
const NAMES = [
  'Add', 'Replace', 'Delete', 'Sync', 'Alert', 'Status', 'Map', 'MapItem', 'Put', 'Get', 'Results', 'Atomic', 'Sequence', 'Item', 'Data',
  'Meta', 'Target', 'Source', 'LocURI', 'CmdID', 'MsgRef', 'CmdRef', 'Cmd', 'Final', 'NoResp', 'MoreData', 'Cred', 'Chal', 'Anchor', 'Unknown',
];

/** Every element with its parent (the root has none), in document order. */
function elements(root: Element): Array<{ el: Element; parent?: Element }> {
  const out: Array<{ el: Element; parent?: Element }> = [{ el: root }];
  for (let i = 0; i < out.length; i++) for (const c of out[i]!.el.children) out.push({ el: c, parent: out[i]!.el });
  return out;
}

type TreeMutation = (root: Element, rng: () => number) => string;

const TREE_MUTATIONS: readonly TreeMutation[] = [
  (root, rng) => {
    const { el, parent } = pick(rng, elements(root));
    if (parent === undefined) return 'keep the root';
    parent.children.splice(parent.children.indexOf(el), 1);
    return `remove <${el.name}>`;
  },
  (root, rng) => {
    const { el, parent } = pick(rng, elements(root));
    if (parent === undefined) return 'keep the root';
    parent.children.splice(parent.children.indexOf(el), 0, structuredClone(el));
    return `duplicate <${el.name}>`;
  },
  (root, rng) => {
    const leaves = elements(root).filter(({ el }) => el.children.length === 0);
    const { el } = pick(rng, leaves);
    const value = pick(rng, VALUES);
    delete el.opaque;
    el.text = value;
    return `<${el.name}> text -> ${JSON.stringify(value.length > 40 ? `${value.slice(0, 20)}...(${value.length})` : value)}`;
  },
  (root, rng) => {
    const { el } = pick(rng, elements(root));
    const name = pick(rng, NAMES);
    const was = el.name;
    el.name = name;
    return `rename <${was}> -> <${name}>`;
  },
  (root, rng) => {
    const all = elements(root);
    const { el, parent } = pick(rng, all);
    const into = pick(rng, all).el;
    if (parent === undefined || into === el || elements(el).some((x) => x.el === into)) return 'no move';
    parent.children.splice(parent.children.indexOf(el), 1);
    into.children.splice(Math.floor(rng() * (into.children.length + 1)), 0, el);
    return `move <${el.name}> into <${into.name}>`;
  },
  (root, rng) => {
    const { el } = pick(rng, elements(root));
    el.children.reverse();
    return `reverse the children of <${el.name}>`;
  },
];

function mutateTree(bytes: Uint8Array, encoding: Encoding, rng: () => number): { bytes: Uint8Array; step: string } | undefined {
  let root: Element;
  try {
    root = decode(bytes, encoding);
  } catch {
    return undefined; // already broken by an earlier mutation: stay on bytes
  }
  const steps: string[] = [];
  const count = 1 + Math.floor(rng() * 3);
  for (let i = 0; i < count; i++) steps.push(pick(rng, TREE_MUTATIONS)(root, rng));
  try {
    return { bytes: encode(root, encoding), step: `tree: ${steps.join(', ')}` };
  } catch {
    return undefined; // the writer refuses what it cannot express: not a gateway input
  }
}

/** One to four mutations of a message, on its bytes or on its element tree, and what they were. */
export function mutate(bytes: Uint8Array, rng: () => number, encoding: Encoding = 'xml'): { bytes: Uint8Array; steps: string[] } {
  const count = 1 + Math.floor(rng() * 4);
  const steps: string[] = [];
  let out = bytes;
  for (let i = 0; i < count; i++) {
    const tree = rng() < 0.5 ? mutateTree(out, encoding, rng) : undefined;
    const result = tree ?? pick(rng, MUTATIONS)(out, rng);
    out = result.bytes;
    steps.push(result.step);
  }
  return { bytes: out, steps };
}
