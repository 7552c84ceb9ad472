// The device state's stored layout: the item map apart from the anchors, decoded only when
// read, written only when changed; documents of the older layout read and moved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDeviceState } from '../../../gateway/engine/device-state.ts';
import { MemoryStateStore } from '../../support/memory-backend.ts';

class CountingState extends MemoryStateStore {
  writes: string[] = [];
  override async set<T>(key: string, value: T): Promise<void> {
    this.writes.push(key);
    await super.set(key, value);
  }
}

const key = 'device:alice@example.com:dev-1:contacts';

test('a new device state is saved in two parts and read back', async () => {
  const state = new CountingState();
  const first = await loadDeviceState(state, key);
  first.device.clientAnchor = '1';
  first.device.items['a.vcf'] = { luid: '1', etag: '"e1"', uid: 'u-a' };
  first.device.items['b.vcf'] = { etag: '"e2"' };
  await first.save();
  assert.deepEqual(state.writes.sort(), [key, `${key}:items`]);
  assert.equal(JSON.parse(state.data.get(key)!).items, undefined);
  const again = await loadDeviceState(state, key);
  assert.equal(again.device.clientAnchor, '1');
  assert.deepEqual(again.device.items, { 'a.vcf': { luid: '1', etag: '"e1"', uid: 'u-a' }, 'b.vcf': { etag: '"e2"' } });
});

test('nothing is written when nothing changed; only the changed part otherwise', async () => {
  const state = new CountingState();
  const first = await loadDeviceState(state, key);
  first.device.items['a.vcf'] = { luid: '1', etag: '"e1"' };
  first.device.serverAnchor = 's1';
  await first.save();
  state.writes = [];
  const reading = await loadDeviceState(state, key);
  assert.equal(reading.device.items['a.vcf']?.luid, '1');
  await reading.save();
  assert.deepEqual(state.writes, []);
  const anchorsOnly = await loadDeviceState(state, key);
  anchorsOnly.device.serverAnchor = 's2';
  await anchorsOnly.save();
  assert.deepEqual(state.writes, [key]);
  state.writes = [];
  const itemOnly = await loadDeviceState(state, key);
  itemOnly.device.items['a.vcf'] = { ...itemOnly.device.items['a.vcf']!, etag: '"e9"' };
  await itemOnly.save();
  assert.deepEqual(state.writes, [`${key}:items`]);
});

test('a document of the older layout (map inside) is read and moved to the new one', async () => {
  const state = new CountingState();
  await state.set(key, { clientAnchor: '7', token: 't', items: { 'a.vcf': { luid: '1', etag: '"e1"', uid: 'u' } } });
  state.writes = [];
  const old = await loadDeviceState(state, key);
  assert.equal(old.device.token, 't');
  assert.deepEqual(old.device.items, { 'a.vcf': { luid: '1', etag: '"e1"', uid: 'u' } });
  await old.save();
  assert.deepEqual(state.writes.sort(), [key, `${key}:items`]);
  assert.equal(JSON.parse(state.data.get(key)!).items, undefined);
  const moved = await loadDeviceState(state, key);
  assert.equal(moved.device.clientAnchor, '7');
  assert.deepEqual(moved.device.items, { 'a.vcf': { luid: '1', etag: '"e1"', uid: 'u' } });
});

test('ids with tabs, quotes and newlines survive', async () => {
  const state = new MemoryStateStore();
  const first = await loadDeviceState(state, key);
  first.device.items['we"ird\tid\n.vcf'] = { luid: 'l"\n1', etag: 'W/"x"' };
  first.device.items = { ...first.device.items };
  await first.save();
  assert.deepEqual((await loadDeviceState(state, key)).device.items, { 'we"ird\tid\n.vcf': { luid: 'l"\n1', etag: 'W/"x"' } });
});
