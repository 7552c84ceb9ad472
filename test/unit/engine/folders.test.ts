// SyncML 1.2 folder hierarchies: a client that announces the folder object type gets every
// address book as a folder item and each contact with its folder; its items land in the
// folder they name; collections are not created, renamed or deleted through SyncML (405).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { folderType, readFolderName } from '../../../gateway/convert/folder-object.ts';
import type { DevInf } from '../../../gateway/protocol/devinf-model.ts';
import type { ItemCommand, Status, SyncMLMessage } from '../../../gateway/protocol/model.ts';
import { engineHarness, vcard, type EngineHarness } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };

const devInf = (types: string[]): DevInf => ({
  verDTD: '1.2',
  devID: 'folder-phone',
  devTyp: 'phone',
  utc: true,
  supportLargeObjs: false,
  supportNumberOfChanges: false,
  dataStores: [{ sourceRef: './contacts', rx: types.map((ctType) => ({ ctType })), tx: types.map((ctType) => ({ ctType })), ctCaps: [], supportHierarchicalSync: true, syncTypes: [1, 2] }],
  ctCaps: [],
  ext: [],
});

function setup(): EngineHarness {
  const h = engineHarness();
  h.accounts.named.set(alice.user, [
    { kind: 'contacts', name: 'contacts', displayName: 'Contacts', default: true },
    { kind: 'contacts', name: 'work', displayName: 'Work' },
  ]);
  h.accounts.storeOf(alice.user, 'contacts').put('anna.vcf', vcard('Anna Home'));
  h.accounts.namedStore(alice.user, 'work').put('bert.vcf', vcard('Bert Work'));
  return h;
}

const client = (deviceId: string, types = ['text/vcard', folderType]) => new ModelClient({ deviceId, ...alice, version: '1.2', contentType: 'text/vcard', devInf: devInf(types) });

/** The client's folders by name -> LUID. */
function folders(c: ModelClient): Map<string, string> {
  const found = new Map<string, string>();
  for (const [luid, data] of c.items) if (c.itemOptions.get(luid)?.type === folderType) found.set(readFolderName(data) ?? '?', luid);
  return found;
}

/** The LUID of the client's contact whose FN is `name`. */
function contact(c: ModelClient, name: string): string {
  const entry = [...c.items].find(([, data]) => data.includes(`FN:${name}`));
  assert.ok(entry, `${name} on the client`);
  return entry[0];
}

const names = (h: EngineHarness, store: 'default' | 'work') =>
  [...(store === 'default' ? h.accounts.storeOf(alice.user, 'contacts') : h.accounts.namedStore(alice.user, 'work')).items.values()].map((i) => /FN:(.*)/.exec(i.data)?.[1]?.trim()).sort();

function statusesOf(replies: SyncMLMessage[], cmd: string): Status[] {
  return replies.flatMap((r) => r.body.filter((c): c is Status => c.kind === 'Status' && c.cmd === cmd));
}

test('a SyncML 1.2 client that takes folder objects gets each address book as a folder, and each contact in its folder', async () => {
  const h = setup();
  const c = client('f1');
  const outcome = await c.sync(h.process);
  assert.equal(outcome.received.add, 4);
  const f = folders(c);
  assert.deepEqual([...f.keys()].sort(), ['Contacts', 'Work']);
  assert.equal(c.itemOptions.get(contact(c, 'Anna Home'))?.sourceParent, f.get('Contacts'));
  assert.equal(c.itemOptions.get(contact(c, 'Bert Work'))?.sourceParent, f.get('Work'));
  // The folders went first, typed as folder objects, and the contacts named their folder by our id.
  const adds = outcome.replies.flatMap((r) => r.body.flatMap((cmd) => (cmd.kind === 'Sync' ? (cmd.commands as ItemCommand[]) : [])));
  assert.deepEqual(adds.slice(0, 2).map((a) => a.meta?.type), [folderType, folderType]);
  assert.deepEqual(adds.slice(2).map((a) => a.items[0]?.sourceParent?.locURI).sort(), ['contacts', 'work']);
});

test('items land in the folder they name, a changed folder moves them, and new server items name the mapped folder', async () => {
  const h = setup();
  const c = client('f2');
  await c.sync(h.process);
  const f = folders(c);
  c.add(vcard('Carl Work'), { sourceParent: f.get('Work')! });
  c.add(vcard('Dora Somewhere'));
  c.add(vcard('Emil Work'), { targetParent: 'work' });
  c.replace(contact(c, 'Anna Home'), vcard('Anna Home'), { sourceParent: f.get('Work')! });
  const second = await c.sync(h.process);
  assert.deepEqual(second.received, { add: 0, replace: 0, delete: 0 }, 'nothing echoed back');
  assert.deepEqual(names(h, 'work'), ['Anna Home', 'Bert Work', 'Carl Work', 'Emil Work']);
  assert.deepEqual(names(h, 'default'), ['Dora Somewhere'], 'no parent: the default address book; Anna moved out');
  // Someone adds a contact to Work on the server: it arrives naming the client's own folder id.
  h.accounts.namedStore(alice.user, 'work').put('fritz.vcf', vcard('Fritz Work'));
  const third = await c.sync(h.process);
  assert.equal(third.received.add, 1);
  const add = third.replies.flatMap((r) => r.body.flatMap((cmd) => (cmd.kind === 'Sync' ? (cmd.commands as ItemCommand[]) : [])))[0];
  assert.equal(add?.items[0]?.targetParent?.locURI, f.get('Work'));
  assert.equal(c.itemOptions.get(contact(c, 'Fritz Work'))?.sourceParent, f.get('Work'));
  // Anna, now in Work on the server, is edited on the device again: one copy, still in Work.
  c.replace(contact(c, 'Anna Home'), vcard('Anna Home', 'NOTE:moved\r\n'));
  await c.sync(h.process);
  assert.deepEqual(names(h, 'work'), ['Anna Home', 'Bert Work', 'Carl Work', 'Emil Work', 'Fritz Work']);
  assert.match([...h.accounts.namedStore(alice.user, 'work').items.values()].find((i) => i.data.includes('Anna'))!.data, /NOTE:moved/);
});

test('collections are not made, renamed or deleted through SyncML: 405, and the folder goes back', async () => {
  const h = setup();
  const c = client('f3');
  await c.sync(h.process);
  const f = folders(c);
  const created = c.add('<Folder><name>Private</name></Folder>', { type: folderType });
  c.delete(f.get('Work')!);
  const outcome = await c.sync(h.process);
  const adds = statusesOf(outcome.replies, 'Add');
  assert.equal(adds.find((s) => s.sourceRefs.includes(created))?.data, '405');
  assert.equal(statusesOf(outcome.replies, 'Delete')[0]?.data, '405');
  assert.equal(outcome.received.add, 1, 'the Work folder comes back');
  assert.deepEqual(names(h, 'work'), ['Bert Work'], 'the collection and its contacts stay');
  assert.deepEqual([...folders(c).keys()].sort(), ['Contacts', 'Private', 'Work']);
  // Renaming the folder is refused likewise; the server's name goes back to the client.
  c.replace(folders(c).get('Work')!, '<Folder><name>Job</name></Folder>', { type: folderType });
  const renamed = await c.sync(h.process);
  assert.equal(statusesOf(renamed.replies, 'Replace')[0]?.data, '405');
  assert.equal(renamed.received.replace, 1);
  assert.equal(readFolderName(c.items.get(folders(c).get('Work')!)!), 'Work');
});

test('a slow sync matches the client\'s folders to the collections by name', async () => {
  const h = setup();
  const c = client('f4');
  await c.sync(h.process);
  c.forgetAnchor();
  const again = await c.sync(h.process);
  assert.equal(again.serverMode, 201, 'a slow sync');
  assert.equal(again.received.add, 0, 'the folders and contacts the client has are matched, not sent twice');
  assert.deepEqual(names(h, 'work'), ['Bert Work']);
  assert.deepEqual(names(h, 'default'), ['Anna Home']);
});

test('without the folder type, or with a named address book, the store is one collection', async () => {
  const h = setup();
  const plain = client('f5', ['text/vcard']);
  const outcome = await plain.sync(h.process);
  assert.equal(outcome.received.add, 1);
  assert.equal(folders(plain).size, 0);
  const named = new ModelClient({ deviceId: 'f6', ...alice, version: '1.2', storeURI: 'Contacts/work', contentType: 'text/vcard', devInf: devInf(['text/vcard', folderType]) });
  const work = await named.sync(h.process);
  assert.equal(work.received.add, 1);
  assert.ok([...named.items.values()][0]?.includes('Bert Work'));
});
