// The load generator's device: the project's typed-message SyncML client (test/support/model-client.ts)
// speaking XML over HTTP through the gateway's own protocol and codec layers, opening each session
// with the device information SyncEvolution really sends (recorded first message, vCard 2.1 store).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decode, encode } from '../../gateway/codec/index.ts';
import { readMessage, writeMessage, type Put, type SyncMLMessage } from '../../gateway/protocol/index.ts';
import type { Element } from '../../gateway/codec/element.ts';
import { ModelClient, type ProcessFn, type SessionOutcome } from '../../test/support/model-client.ts';
import { changedVCard21, type BenchContact } from './contacts.ts';
import { benchAccount } from './radicale.ts';
import { repoDir } from '../../test/support/stack.ts';

const recordedFirstMessage = path.join(repoDir, 'test/fixtures/traces/syncevolution/first-message/syncml12-xml-contacts-vcard21.xml');

let devInfTemplate: Put | undefined;

/** The DevInf Put of SyncEvolution's recorded first message (vCard 2.1 contacts store). */
function recordedDevInf(): Put {
  if (devInfTemplate === undefined) {
    const message = readMessage(decode(new Uint8Array(readFileSync(recordedFirstMessage)), 'xml'));
    const put = message.body.find((c): c is Put => c.kind === 'Put');
    if (put === undefined) throw new Error(`${recordedFirstMessage} has no Put of device information`);
    devInfTemplate = put;
  }
  return devInfTemplate;
}

function withDevId(put: Put, deviceId: string, cmdID: string): Put {
  const copy = structuredClone(put);
  copy.cmdID = cmdID;
  const setDevId = (el: Element | undefined): void => {
    if (el === undefined) return;
    if (el.name === 'DevID') el.text = deviceId;
    for (const c of el.children) setDevId(c);
  };
  for (const item of copy.items) setDevId(item.dataElement);
  return copy;
}

export interface LoadStats {
  /** Milliseconds per HTTP message round trip (request sent to answer read). */
  latencies: number[];
  errors: string[];
  bytesUp: number;
  bytesDown: number;
}

/** A ProcessFn that POSTs each message as XML to `url` (with `?sid=`), timing every round trip. */
export function httpProcess(url: string, deviceId: string, stats: LoadStats, signal: AbortSignal, requestTimeoutMs: number): ProcessFn {
  return async (message: SyncMLMessage, sid: string | undefined) => {
    const outgoing: SyncMLMessage = { ...message, hdr: { ...message.hdr, target: { locURI: url } } };
    if (message.hdr.msgID === '1') outgoing.body = [...message.body, withDevId(recordedDevInf(), deviceId, String(message.body.length + 1))];
    const bytes = encode(writeMessage(outgoing), 'xml');
    const target = sid === undefined ? url : `${url}?sid=${encodeURIComponent(sid)}`;
    const start = performance.now();
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.syncml+xml' },
      body: new Uint8Array(bytes),
      signal: AbortSignal.any([signal, AbortSignal.timeout(requestTimeoutMs)]),
    });
    const body = new Uint8Array(await response.arrayBuffer());
    stats.latencies.push(performance.now() - start);
    stats.bytesUp += bytes.byteLength;
    stats.bytesDown += body.byteLength;
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${Buffer.from(body).toString('utf8').slice(0, 200)}`);
    return readMessage(decode(body, 'xml'));
  };
}

/** Item statuses of a session that say an item failed (>= 300), as "Cmd code" strings. */
export function failedItems(outcome: SessionOutcome): string[] {
  const failed: string[] = [];
  for (const reply of outcome.replies) {
    for (const cmd of reply.body) {
      if (cmd.kind === 'Status' && ['Add', 'Replace', 'Delete', 'Map', 'Sync', 'Alert', 'Put'].includes(cmd.cmd) && Number(cmd.data) >= 300) {
        failed.push(`${cmd.cmd} ${cmd.data}`);
      }
    }
  }
  return failed;
}

export interface LoadDeviceOptions {
  index: number;
  /** The gateway's SyncML URL. */
  url: string;
  /** The device's own address book of the bench account. */
  collection: string;
  /** Uploaded in the slow sync (vCard 2.1). */
  contacts: readonly BenchContact[];
  /** Added in the two-way sync, with a change to the first contact. */
  extra: BenchContact;
  stats: LoadStats;
  signal: AbortSignal;
  runId: string;
}

const requestTimeoutMs = 120_000;

/**
 * One simulated device: a slow sync uploading its contacts, then a two-way sync with one change
 * and one new contact. Throws on any error status (header, alert, item) or HTTP failure.
 */
export async function runLoadDevice(o: LoadDeviceOptions): Promise<void> {
  const { index: i, url, collection, contacts, extra, stats, signal, runId } = o;
  const deviceId = `bench-load-${runId}-${i}`;
  const client = new ModelClient({
    deviceId,
    user: benchAccount.user,
    password: benchAccount.password,
    storeURI: `Contacts/${collection}`,
    contentType: 'text/x-vcard',
    maxMsgSize: 150_000,
  });
  const process = httpProcess(url, deviceId, stats, signal, requestTimeoutMs);
  const luids = contacts.map((c) => client.add(c.vcard21));
  const check = (what: string, outcome: SessionOutcome, mode: number) => {
    const failed = failedItems(outcome);
    if (outcome.hdrStatus >= 300) throw new Error(`${what}: SyncHdr status ${outcome.hdrStatus}`);
    if (outcome.serverMode !== mode) throw new Error(`${what}: server alerted ${outcome.serverMode}, expected ${mode}`);
    if (failed.length > 0) throw new Error(`${what}: ${failed.length} failed statuses (${failed.slice(0, 3).join(', ')})`);
  };
  check('slow sync', await client.sync(process, 201), 201);
  client.replace(luids[0]!, changedVCard21(contacts[0]!.vcard21, i));
  client.add(extra.vcard21);
  check('two-way sync', await client.sync(process, 200), 200);
}
