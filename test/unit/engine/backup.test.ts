// `backup` sessions: items become numbered files, the store is untouched, the counter
// restarts each day (injected clock).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness, vcard } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';
import type { BackupFile, BackupSink } from '../../../gateway/ports/backup.ts';
import type { UserCredentials } from '../../../gateway/ports/backend.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };

class MemoryBackup implements BackupSink {
  readonly files: Array<BackupFile & { folder: string; user: string }> = [];
  async save(credentials: UserCredentials, folder: string, file: BackupFile): Promise<void> {
    this.files.push({ ...file, folder, user: credentials.user });
  }
}

test('two sessions on one day count on without gap or repeat; the next day starts at 0001', async () => {
  const backup = new MemoryBackup();
  let now = new Date('2026-11-25T10:00:00Z');
  const h = engineHarness(undefined, undefined, { backup, clock: { now: () => now } });
  const store = h.accounts.storeOf(alice.user);
  store.put('existing.vcf', vcard('Existing One'));
  const before = JSON.stringify([...store.items]);

  const one = new ModelClient({ deviceId: 'nokia-1', ...alice });
  const sent = [vcard('Anna A'), vcard('Bert B'), vcard('Carl C')];
  for (const v of sent) one.add(v);
  await one.sync(h.process, 200, { url: 'http://gateway.test/syncml?backup=nokia' });
  const two = new ModelClient({ deviceId: 'nokia-2', ...alice });
  two.add(vcard('Dora D'));
  two.add(vcard('Emil E'));
  await two.sync(h.process, 200, { url: 'http://gateway.test/syncml?sync=2,#backup=nokia' });
  now = new Date('2026-11-26T00:00:05Z');
  const three = new ModelClient({ deviceId: 'nokia-3', ...alice });
  three.add(vcard('Fritz F'));
  await three.sync(h.process, 200, { url: 'http://gateway.test/syncml', targetURI: 'http://gateway.test/syncml?backup=nokia' });

  assert.deepEqual(
    backup.files.map((f) => f.name),
    ['nokia202611250001.vcf', 'nokia202611250002.vcf', 'nokia202611250003.vcf', 'nokia202611250004.vcf', 'nokia202611250005.vcf', 'nokia202611260001.vcf'],
  );
  assert.deepEqual(backup.files.slice(0, 3).map((f) => f.content), sent, 'files are the items byte for byte');
  assert.ok(backup.files.every((f) => f.folder === 'SyncML Backup' && f.user === alice.user));
  assert.equal(JSON.stringify([...store.items]), before, 'the address book is unchanged');
});

test('without a prefix the default one is used, and the device state is left alone', async () => {
  const backup = new MemoryBackup();
  const h = engineHarness(undefined, undefined, { backup });
  const client = new ModelClient({ deviceId: 'dev-1', ...alice });
  client.add(vcard('Anna A'));
  await client.sync(h.process, 200, { url: 'http://gateway.test/syncml?backup' });
  assert.match(backup.files[0]?.name ?? '', /^backup202611260001\.vcf$/);
  const next = await client.sync(h.process);
  assert.equal(next.serverMode, 201, 'the next real sync compares everything');
  assert.equal(h.accounts.storeOf(alice.user).items.size, 1);
});
