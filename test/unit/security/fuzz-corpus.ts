// The fuzz corpus: every recorded client message under test/fixtures/traces, grouped into the
// sessions they belong to (so a mutated message k is sent after messages 1..k-1 of its
// session, and reaches the engine in the state the recording had).
import { basename, dirname } from 'node:path';
import type { Encoding } from '../../../gateway/codec/element.ts';
import { traceBytes, traceFiles } from '../protocol/trace-files.ts';

export interface CorpusMessage {
  path: string;
  encoding: Encoding;
  bytes: Uint8Array;
  /** The messages of the same session recorded before this one, in order. */
  before: CorpusMessage[];
}

/** The account every corpus message authenticates as (its Cred is rewritten, see below). */
export const FUZZ_USER = { user: 'fuzz@example.com', password: 'fuzz-secret' };

const BASIC_CRED =
  "<Cred><Meta><Format xmlns='syncml:metinf'>b64</Format><Type xmlns='syncml:metinf'>syncml:auth-basic</Type></Meta>" +
  `<Data>${Buffer.from(`${FUZZ_USER.user}:${FUZZ_USER.password}`).toString('base64')}</Data></Cred>`;

/**
 * The recordings authenticate with MD5 against their own servers: their Cred is replaced by
 * basic credentials of FUZZ_USER so that the messages get past authentication (XML only).
 */
function withOurCredentials(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  return Buffer.from(text.replace(/<Cred>[\s\S]*?<\/Cred>/, BASIC_CRED), 'latin1');
}

/** Session key and position of a client message, from the naming of the trace collection. */
function sessionOf(path: string): { key: string; order: number } | undefined {
  const name = basename(path);
  const horde = /^syncml_client_(\d)(\d+)\.xml$/.exec(name);
  if (horde !== null) return { key: `${dirname(path)}|${horde[1]}`, order: Number(horde[2]) };
  const sess = /^msg(\d+)-client(\..+)$/.exec(name);
  if (sess !== null) return { key: `${dirname(path)}|${sess[2]}`, order: Number(sess[1]) };
  if (path.includes('first-message/')) return { key: path, order: 0 };
  return undefined;
}

/** Client messages, XML always and WBXML when `withWbxml`, each with its session's predecessors. */
export function loadCorpus(withWbxml: boolean): CorpusMessage[] {
  const files = [...traceFiles('.xml'), ...(withWbxml ? traceFiles('.wbxml') : [])];
  const sessions = new Map<string, Array<{ order: number; message: CorpusMessage }>>();
  for (const path of files) {
    const session = sessionOf(path);
    if (session === undefined) continue;
    const encoding: Encoding = path.endsWith('.wbxml') ? 'wbxml' : 'xml';
    const raw = traceBytes(path);
    const message: CorpusMessage = { path, encoding, bytes: encoding === 'xml' ? withOurCredentials(raw) : raw, before: [] };
    const list = sessions.get(session.key) ?? [];
    list.push({ order: session.order, message });
    sessions.set(session.key, list);
  }
  const corpus: CorpusMessage[] = [];
  for (const list of sessions.values()) {
    list.sort((a, b) => a.order - b.order);
    list.forEach(({ message }, i) => {
      message.before = list.slice(0, i).map((m) => m.message);
      corpus.push(message);
    });
  }
  return corpus.sort((a, b) => a.path.localeCompare(b.path));
}
