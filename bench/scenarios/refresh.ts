// Scenario 2 (and 7b): a new, empty phone gets the whole address book from Radicale (its first,
// slow sync), against reading the same items one by one with GET and against the peer.
import path from 'node:path';
import { BenchDevice, type SyncMeasurement } from '../lib/device.ts';
import { fillCalendar, getVCard, listMembers } from '../lib/radicale.ts';
import { atMost } from '../lib/report.ts';
import { formatMs } from '../lib/stats.ts';
import type { SyncServer } from '../lib/sync-server.ts';
import { requireGateway, type BenchContext, type Scenario } from './context.ts';
import { filledCollection } from './fixtures.ts';
import { SyncSeries, TimeSeries, describeRounds, rounds, timed } from './measure.ts';

async function downloadToNewDevice(ctx: BenchContext, server: SyncServer, collection: string, count: number, deviceId: string): Promise<SyncMeasurement> {
  const device = new BenchDevice({ server, deviceId, collection, dir: path.join(ctx.runDir, deviceId) });
  try {
    await device.configure();
    const m = await device.sync('two-way', 'slow');
    const got = m.result.stats['contacts']?.local.added ?? 0;
    if (got !== count) throw new Error(`${server.kind}: the new device got ${got} of ${count} contacts (${BenchDevice.counts(m)})`);
    return m;
  } finally {
    await device.cleanup();
  }
}

/** Scenario 2's result: the gateway's server time for a new device's first sync against `what` read by single GETs. */
function reportRefresh(report: BenchContext['report'], what: string, direct: TimeSeries, viaGateway: SyncSeries): void {
  report.detail('2', direct.describe());
  report.detail('2', viaGateway.describe());
  const ratio = viaGateway.median('server') / direct.median();
  report.add({
    id: '2',
    what: `refresh, ${what} to a new device: gateway server time / single GETs`,
    value: formatMs(viaGateway.median('server')),
    baseline: `GETs ${formatMs(direct.median())}`,
    ratio,
    target: '<= 0.5x',
    ...atMost(ratio, 0.5, `with the client (wall): ${(viaGateway.median('wall') / direct.median()).toFixed(2)}x`),
  });
}

export const refresh: Scenario = {
  id: '2',
  title: 'Refresh to a device',
  async prepare(ctx) {
    await filledCollection(ctx, ctx.collection('bench-s2'), ctx.config.refreshContacts, 'S2', ctx.config.photoEvery);
  },
  async run(ctx) {
    const { config, report } = ctx;
    const gateway = requireGateway(ctx);
    const n = config.refreshContacts;
    const collection = ctx.collection('bench-s2');
    const contacts = await filledCollection(ctx, collection, n, 'S2', config.photoEvery);
    const direct = new TimeSeries(`direct: ${n} GETs one after another`);
    const viaGateway = new SyncSeries('gateway: new device, first sync');
    const viaPeer = new SyncSeries('peer: new device, first sync');
    const done = await rounds(config.runs, config.budgetS['2'], async (round) => {
      direct.add(await timed(async () => {
        for (const c of contacts) await getVCard(collection, c.name);
      }));
      viaGateway.add(await downloadToNewDevice(ctx, gateway, collection, n, `bench-s2-gw-${ctx.runId}-${round}`));
      if (ctx.peer !== undefined) viaPeer.add(await downloadToNewDevice(ctx, ctx.peer, collection, n, `bench-s2-peer-${ctx.runId}-${round}`));
      ctx.log(`2: round ${round} direct ${formatMs(direct.values.at(-1)!)} gateway ${formatMs(viaGateway.values('wall').at(-1)!)}`);
    });
    report.detail('2', `${n} contacts in Radicale (vCard 3.0, ${contacts.filter((c) => c.hasPhoto).length} with photos) to an empty vCard 2.1 device; ${describeRounds(done, config.budgetS['2'])}`);
    reportRefresh(report, `${n} contacts`, direct, viaGateway);
    if (ctx.peer === undefined) {
      report.skip('7b', `peer: refresh, ${n} contacts`, `needs: peer (${ctx.peerProblem ?? 'disabled'})`, '<= 0.5x');
      return;
    }
    report.detail('2', viaPeer.describe());
    report.detail('7', `refresh: peer server time / single GETs = ${(viaPeer.median('server') / direct.median()).toFixed(2)}x`);
    const peerRatio = viaGateway.median('server') / viaPeer.median('server');
    report.add({
      id: '7b',
      what: `refresh, ${n} contacts: gateway / peer (server time)`,
      value: formatMs(viaGateway.median('server')),
      baseline: `peer ${formatMs(viaPeer.median('server'))}`,
      ratio: peerRatio,
      target: '<= 0.5x',
      ...atMost(peerRatio, 0.5, `wall: ${(viaGateway.median('wall') / viaPeer.median('wall')).toFixed(2)}x`),
    });
  },
};

/** `count` one-hour VEVENTs on consecutive days, every tenth with a location and a description. */
function benchEvents(count: number): string[] {
  const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  return Array.from({ length: count }, (_, i) =>
    [
      'BEGIN:VEVENT',
      `UID:bench-s2e-${String(i).padStart(5, '0')}@example.com`,
      'DTSTAMP:20261101T090000Z',
      `DTSTART:${day(i)}T090000Z`,
      `DTEND:${day(i)}T100000Z`,
      `SUMMARY:Bench meeting ${i}`,
      ...(i % 10 === 0 ? [`LOCATION:Room ${i % 7}`, `DESCRIPTION:Agenda for meeting ${i}\\nwith a second line`] : []),
      'END:VEVENT',
      '',
    ].join('\r\n'),
  );
}

/** The event collection holds `count` events of the bench set; filled in one request when not. */
async function filledCalendar(ctx: BenchContext, collection: string, count: number): Promise<string[]> {
  const members = await listMembers(collection).catch(() => new Map<string, string>());
  if (members.size !== count || ![...members.keys()].every((name) => name.startsWith('bench-s2e-'))) {
    ctx.log(`filling ${collection} with ${count} events (kept for later runs)`);
    await fillCalendar(collection, benchEvents(count));
    const after = await listMembers(collection);
    if (after.size !== count) throw new Error(`${collection}: ${after.size} items after filling it with ${count}`);
    return [...after.keys()];
  }
  return [...members.keys()];
}

async function eventsToNewDevice(ctx: BenchContext, server: SyncServer, collection: string, count: number, deviceId: string): Promise<SyncMeasurement> {
  const store = { name: 'calendar', databaseFormat: 'text/calendar' as const, uri: `Events/${collection}`, syncFormat: 'text/x-vcalendar', forceSyncFormat: true };
  const device = new BenchDevice({ server, deviceId, collection, dir: path.join(ctx.runDir, deviceId), store });
  try {
    await device.configure();
    const m = await device.sync('two-way', 'slow');
    const got = m.result.stats['calendar']?.local.added ?? 0;
    if (got !== count) throw new Error(`${server.kind}: the new device got ${got} of ${count} events`);
    return m;
  } finally {
    await device.cleanup();
  }
}

export const refreshEvents: Scenario = {
  id: '2',
  title: 'Refresh to a device: 1,000 events',
  target: '<= 0.5x',
  async prepare(ctx) {
    await filledCalendar(ctx, ctx.collection('bench-s2-events'), ctx.config.refreshContacts);
  },
  async run(ctx) {
    const { config, report } = ctx;
    const gateway = requireGateway(ctx);
    const n = config.refreshContacts;
    const collection = ctx.collection('bench-s2-events');
    const names = await filledCalendar(ctx, collection, n);
    const direct = new TimeSeries(`direct: ${n} GETs one after another`);
    const viaGateway = new SyncSeries('gateway: new device, first sync');
    const done = await rounds(config.runs, config.budgetS['2'], async (round) => {
      direct.add(await timed(async () => {
        for (const name of names) await getVCard(collection, name);
      }));
      viaGateway.add(await eventsToNewDevice(ctx, gateway, collection, n, `bench-s2e-gw-${ctx.runId}-${round}`));
      ctx.log(`2 (events): round ${round} direct ${formatMs(direct.values.at(-1)!)} gateway ${formatMs(viaGateway.values('wall').at(-1)!)}`);
    });
    report.detail('2', `${n} events in a Radicale calendar (iCalendar 2.0, one VEVENT each) to an empty SyncEvolution device, vCalendar 1.0 on the wire; ${describeRounds(done, config.budgetS['2'])}`);
    reportRefresh(report, `${n} events`, direct, viaGateway);
  },
};
