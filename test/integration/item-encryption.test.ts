// DES/3DES item encryption end to end (issue 6, done-when 4): a Funambol-style client sends its
// contacts encrypted (`des;b64`, `3des;b64` in the item's Meta Format) over HTTP to the gateway;
// Radicale must hold them in plain text, and what the gateway sends back must be encrypted the
// same way and decrypt to the stored contacts. Account grace only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts, ensureStack } from '../support/stack.ts';
import { emptyCollection, listVCards, putVCard } from '../support/dav.ts';
import { startTestGateway } from '../support/gateway.ts';
import { carriesContact, familyName, testContact, vcard30 } from '../support/contacts.ts';
import { ModelClient, type ProcessFn } from '../support/model-client.ts';
import { decode, encode } from '../../gateway/codec/index.ts';
import { readMessage } from '../../gateway/protocol/read.ts';
import { writeMessage } from '../../gateway/protocol/write.ts';
import { decryptItem, encryptItem } from '../../gateway/convert/item-encryption/index.ts';
import type { ItemCommand, Sync, SyncMLMessage } from '../../gateway/protocol/model.ts';
import type { RunningGateway } from '../../gateway/server.ts';

const { grace } = accounts;
const run = Date.now().toString(36);
let gateway: RunningGateway;

/** What went over the wire, as the client saw it. */
interface Wire {
  /** Item Data the client sent (encrypted) and the plain text it stands for. */
  sent: Array<{ format: string | undefined; data: string; plain: string }>;
  /** Item Data the gateway sent in package 4, as received. */
  received: Array<{ format: string | undefined; data: string }>;
}

/**
 * The typed-message client over HTTP, with Funambol's item encryption as a layer in between:
 * the client's Add/Replace Data is encrypted under `format` on the way out, and the gateway's
 * items are decrypted on the way in (after being recorded as they came).
 */
function encryptingTransport(format: string, password: string, wire: Wire): ProcessFn {
  return async (message, _sid, url) => {
    const out = structuredClone(message);
    for (const command of out.body) {
      if (command.kind !== 'Sync') continue;
      for (const inner of command.commands as ItemCommand[]) {
        if (inner.kind !== 'Add' && inner.kind !== 'Replace') continue;
        for (const item of inner.items) {
          if (item.data === undefined) continue;
          const data = encryptItem(item.data, format, password);
          wire.sent.push({ format, data, plain: item.data });
          item.data = data;
          item.meta = { ...(item.meta ?? {}), format };
        }
      }
    }
    const res = await fetch(url ?? gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.syncml+xml' },
      body: new Uint8Array(encode(writeMessage(out), 'xml')),
    });
    assert.equal(res.status, 200);
    const reply: SyncMLMessage = readMessage(decode(new Uint8Array(await res.arrayBuffer()), 'xml'));
    for (const command of reply.body) {
      if (command.kind !== 'Sync') continue;
      for (const inner of (command as Sync).commands as ItemCommand[]) {
        if (inner.kind !== 'Add' && inner.kind !== 'Replace') continue;
        for (const item of inner.items) {
          if (item.data === undefined) continue;
          wire.received.push({ format: item.meta?.format, data: item.data });
          item.data = decryptItem(item.data, item.meta?.format, password);
          delete item.meta;
        }
      }
    }
    return reply;
  };
}

const serverContacts = [testContact(1, `EncServer${run}`), testContact(2, `EncServer${run}`)];
const desContacts = [testContact(1, `EncDes${run}`), testContact(2, `EncDes${run}`), testContact(3, `EncDes${run}`)];
const tripleContacts = [testContact(1, `Enc3Des${run}`), testContact(2, `Enc3Des${run}`)];

before(async () => {
  await ensureStack();
  await emptyCollection(grace, 'contacts');
  for (const [i, c] of serverContacts.entries()) {
    // Radicale wants a UID in what it stores.
    const put = await putVCard(grace, `enc-server-${run}-${i}.vcf`, vcard30(c).replace('END:VCARD', `UID:enc-server-${run}-${i}\r\nEND:VCARD`));
    assert.ok(put.ok, `seed contact: HTTP ${put.status}`);
  }
  gateway = await startTestGateway({ state: mkdtempSync(join(tmpdir(), 'syncml-it-enc-')) });
});

after(async () => {
  await gateway?.close();
});

/** Every stored vCard of grace, in plain text. */
async function stored(): Promise<string[]> {
  return (await listVCards(grace)).map((i) => i.data ?? '');
}

function assertEncrypted(wire: Wire, format: string): void {
  for (const item of wire.received) {
    assert.equal(item.format, format, 'each item the gateway sends is announced encrypted alike');
    assert.doesNotMatch(item.data, /BEGIN:VCARD|Enc/i, 'and its Data is not the plain text');
    assert.match(item.data, /^[A-Za-z0-9+/]+={0,2}$/, 'base64 of the ciphertext');
  }
}

test('des;b64: a slow sync stores the plain contacts in Radicale and sends back encrypted ones', async () => {
  const wire: Wire = { sent: [], received: [] };
  const client = new ModelClient({ deviceId: `fnbl-des-${run}`, user: grace.user, password: grace.password });
  for (const c of desContacts) client.add(vcard30(c));
  const outcome = await client.sync(encryptingTransport('des;b64', grace.password, wire), 200, { url: gateway.url });
  assert.equal(outcome.hdrStatus, 200, 'logged in (the last SyncHdr status)');
  assert.equal(outcome.serverMode, 201, 'a slow sync');
  assert.equal(wire.sent.length, 3);
  assert.ok(wire.sent.every((s) => !s.data.includes('BEGIN:VCARD')), 'the client really sent ciphertext');

  const cards = await stored();
  for (const c of desContacts) {
    const card = cards.find((text) => familyName(text) === c.family);
    assert.ok(card !== undefined, `${c.family} stored`);
    assert.ok(carriesContact(card, c), `${c.family} stored in plain text with every field:\n${card}`);
  }
  assert.ok(cards.every((text) => text.startsWith('BEGIN:VCARD')), 'nothing encrypted in Radicale');

  // Package 4: the two contacts of the server, encrypted, decrypting to the stored text.
  assert.equal(outcome.received.add, 2);
  assertEncrypted(wire, 'des;b64');
  const decrypted = wire.received.map((r) => decryptItem(r.data, r.format, grace.password));
  for (const c of serverContacts) assert.ok(decrypted.some((text) => carriesContact(text, c)), `${c.family} decrypts to its contact`);

  // A change made on the device afterwards: a two-way Replace, encrypted too, stored plain.
  const [luid] = [...client.items.entries()].find(([, text]) => familyName(text) === desContacts[0]!.family)!;
  const changed = { ...desContacts[0]!, note: 'Changed on the phone: encrypted' };
  client.replace(luid, vcard30(changed));
  const again = await client.sync(encryptingTransport('des;b64', grace.password, { sent: [], received: [] }), 200, { url: gateway.url });
  assert.equal(again.serverMode, 200);
  const card = (await stored()).find((text) => familyName(text) === changed.family);
  assert.ok(card !== undefined && carriesContact(card, changed), `the Replace is stored plain:\n${card}`);
});

test('3des;b64: another device stores its contacts plain and gets every other contact encrypted with 3DES', async () => {
  const wire: Wire = { sent: [], received: [] };
  const client = new ModelClient({ deviceId: `fnbl-3des-${run}`, user: grace.user, password: grace.password });
  for (const c of tripleContacts) client.add(vcard30(c));
  const outcome = await client.sync(encryptingTransport('3des;b64', grace.password, wire), 200, { url: gateway.url });
  assert.equal(outcome.serverMode, 201);

  const cards = await stored();
  for (const c of tripleContacts) {
    const card = cards.find((text) => familyName(text) === c.family);
    assert.ok(card !== undefined && carriesContact(card, c), `${c.family} stored in plain text`);
  }
  assert.equal(cards.length, serverContacts.length + desContacts.length + tripleContacts.length);

  // Everything of the server it did not have: the two seeded and the three of the DES device.
  assert.equal(outcome.received.add, serverContacts.length + desContacts.length);
  assertEncrypted(wire, '3des;b64');
  const decrypted = wire.received.map((r) => decryptItem(r.data, r.format, grace.password));
  for (const c of [...serverContacts, ...desContacts.slice(1)]) assert.ok(decrypted.some((text) => carriesContact(text, c)), `${c.family} decrypts to its contact`);
  // 3DES is not DES: the same item does not read with the DES key.
  assert.throws(() => decryptItem(wire.received[0]!.data, 'des;b64', grace.password));
});
