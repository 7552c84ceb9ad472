// `Calendar` reaches the events collection, unless a collection named Calendar exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineHarness } from '../../support/engine-harness.ts';
import { ModelClient } from '../../support/model-client.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };
const event = (summary: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:${summary}\r\nDTSTAMP:20261126T100000Z\r\nDTSTART:20261201T100000Z\r\nDTEND:20261201T110000Z\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;

test('Calendar is an alias of the events collection', async () => {
  const h = engineHarness();
  const client = new ModelClient({ deviceId: 'd1', ...alice, storeURI: 'Calendar', contentType: 'text/calendar' });
  client.add(event('Meeting'));
  await client.sync(h.process);
  assert.equal(h.accounts.storeOf(alice.user, 'events').items.size, 1);
});

test('a collection named Calendar takes the name over', async () => {
  const h = engineHarness();
  h.accounts.named.set(alice.user, [{ kind: 'events', name: 'Calendar' }]);
  const client = new ModelClient({ deviceId: 'd1', ...alice, storeURI: './calendar', contentType: 'text/calendar' });
  client.add(event('Meeting'));
  await client.sync(h.process);
  assert.equal(h.accounts.namedStore(alice.user, 'Calendar').items.size, 1);
  assert.equal(h.accounts.storeOf(alice.user, 'events').items.size, 0);
  const events = new ModelClient({ deviceId: 'd2', ...alice, storeURI: 'Events', contentType: 'text/calendar' });
  events.add(event('Other'));
  await events.sync(h.process);
  assert.equal(h.accounts.storeOf(alice.user, 'events').items.size, 1, 'Events still reaches the events collection');
});
