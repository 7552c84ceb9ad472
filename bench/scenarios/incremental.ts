// Scenario 3 (and 7c): the cost of a two-way sync with one change, against a small and a large
// address book. The change is made in Radicale (a PUT outside the timing); devices, kept across
// benchmark runs with their collections, receive it. Compared: large / small for the gateway,
// the peer, and the backend's own floor (sync-collection REPORT + GET of the changed item).
// A device that cannot be brought in sync (its first, slow sync fails) is reported as such; if
// that is the gateway's large one, a mid-sized collection is measured as well.
import path from 'node:path';
import { BenchDevice } from '../lib/device.ts';
import { changedVCard30, type BenchContact } from '../lib/contacts.ts';
import { getVCard, putVCard, syncCollection, syncToken } from '../lib/radicale.ts';
import { atMost } from '../lib/report.ts';
import { formatMs } from '../lib/stats.ts';
import type { SyncServer } from '../lib/sync-server.ts';
import { requireGateway, type BenchContext, type Scenario } from './context.ts';
import { filledCollection } from './fixtures.ts';
import { SyncSeries, TimeSeries, describeRounds, rounds, timed } from './measure.ts';

type Size = 'small' | 'large' | 'fallback';

interface Case {
  size: Size;
  count: number;
  collection: string;
  tag: string;
  contacts: BenchContact[];
  devices: BenchDevice[];
  /** Why a server's device is missing from this case. */
  problems: Partial<Record<SyncServer['kind'], string>>;
  token: string;
  series: { gateway: SyncSeries; peer: SyncSeries; direct: TimeSeries };
}

function newCase(ctx: BenchContext, size: Size, count: number): Case {
  const name = { small: 'bench-s3-small', large: 'bench-s3-large', fallback: 'bench-s3-mid' }[size];
  return {
    size,
    count,
    collection: ctx.collection(name),
    tag: { small: 'S3S', large: 'S3L', fallback: 'S3M' }[size],
    contacts: [],
    devices: [],
    problems: {},
    token: '',
    series: {
      gateway: new SyncSeries(`gateway, ${count} contacts`),
      peer: new SyncSeries(`peer, ${count} contacts`),
      direct: new TimeSeries(`backend floor, ${count} contacts: sync-collection REPORT + GET of the changed item`),
    },
  };
}

/** A device kept with its collection across runs; brought up to date by an untimed sync. */
async function persistentDevice(ctx: BenchContext, server: SyncServer, c: Case): Promise<BenchDevice> {
  const deviceId = `bench-s3-${c.size}-${server.kind}${ctx.config.collectionSuffix}`;
  const device = new BenchDevice({ server, deviceId, collection: c.collection, dir: path.join(ctx.cacheDir, 'devices', deviceId), persistent: true });
  // Configured every run: the proxy's port, and so the sync URL, changes (anchors and items stay).
  await device.configure();
  const started = performance.now();
  try {
    const warmup = await device.sync('two-way');
    const files = (await device.device.listItems('contacts')).length;
    ctx.log(`3: ${deviceId} warm-up sync ${warmup.result.stats['contacts']?.mode ?? '?'} in ${formatMs(performance.now() - started)} (${BenchDevice.counts(warmup)}), ${files} items on the device`);
    if (files !== c.count) throw new Error(`${deviceId}: ${files} items on the device after its warm-up sync, expected ${c.count}`);
  } catch (error) {
    // Start afresh next time: after a failed session SyncEvolution asks to resume it (alert 225).
    await device.cleanup();
    throw error;
  }
  return device;
}

async function setUp(ctx: BenchContext, c: Case, servers: SyncServer[]): Promise<void> {
  c.contacts = await filledCollection(ctx, c.collection, c.count, c.tag);
  for (const server of servers) {
    try {
      c.devices.push(await persistentDevice(ctx, server, c));
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
      c.problems[server.kind] = `its device's first sync of ${c.count} contacts failed (${message})`;
      ctx.report.detail('3', `${server.kind}, ${c.count} contacts: ${c.problems[server.kind]}`);
    }
  }
  c.token = await syncToken(c.collection);
}

async function round(ctx: BenchContext, c: Case, n: number, base: number): Promise<void> {
  // One change in Radicale, outside the timing; every client below must find exactly it.
  const contact = c.contacts[(base + n) % c.contacts.length]!;
  await putVCard(c.collection, contact.name, changedVCard30(contact.vcard30, base + n));
  c.series.direct.add(await timed(async () => {
    const changes = await syncCollection(c.collection, c.token);
    for (const name of changes.changed) await getVCard(c.collection, name);
    c.token = changes.token;
  }));
  for (const device of c.devices) {
    const m = await device.sync('two-way', 'two-way');
    const updated = m.result.stats['contacts']?.local.updated ?? 0;
    if (updated !== 1) throw new Error(`${device.server.kind} device of the ${c.count}-contact collection received ${BenchDevice.counts(m)}, expected one update`);
    c.series[device.server.kind].add(m);
  }
  const last = c.series.gateway.values('server').at(-1);
  ctx.log(`3: ${c.count} contacts, round ${n}: gateway server time ${last === undefined ? '-' : formatMs(last)}`);
}

export const incremental: Scenario = {
  id: '3',
  title: 'Incremental cost',
  async prepare(ctx) {
    await filledCollection(ctx, ctx.collection('bench-s3-small'), ctx.config.smallCollection, 'S3S');
    await filledCollection(ctx, ctx.collection('bench-s3-large'), ctx.config.largeCollection, 'S3L');
    // Made before the gateway starts even if unused: the gateway caches its collection list.
    if (ctx.config.fallbackCollection > 0) await filledCollection(ctx, ctx.collection('bench-s3-mid'), ctx.config.fallbackCollection, 'S3M');
  },
  async run(ctx) {
    const { config, report } = ctx;
    const gateway = requireGateway(ctx);
    const servers = ctx.peer === undefined ? [gateway] : [gateway, ctx.peer];
    const small = newCase(ctx, 'small', config.smallCollection);
    const large = newCase(ctx, 'large', config.largeCollection);
    const cases = [small, large];
    for (const c of cases) await setUp(ctx, c, servers);
    if (large.problems.gateway !== undefined && config.fallbackCollection > 0) {
      const fallback = newCase(ctx, 'fallback', config.fallbackCollection);
      await setUp(ctx, fallback, [gateway]);
      cases.push(fallback);
    }
    const measured = cases.filter((c) => c.devices.length > 0);
    const base = Date.now() % 100_000;
    // Rounds interleave the sizes and the servers, so a busy moment hits all alike.
    const done = await rounds(config.runs, config.budgetS['3'], async (n) => {
      for (const c of measured) await round(ctx, c, n, base);
    });
    report.detail('3', `${describeRounds(done, config.budgetS['3'])}; one change made in Radicale before each round, found by every client`);
    for (const c of measured) {
      report.detail('3', c.series.direct.describe());
      for (const kind of ['gateway', 'peer'] as const) if (c.series[kind].measurements.length > 0) report.detail('3', c.series[kind].describe());
    }
    report.detail('3', 'verdict on server time (sum of the request durations at the proxy): it leaves out the client, which scans all its item files in every sync');

    const compare = (big: Case, what: string) => {
      const ratio = big.series.gateway.median('server') / small.series.gateway.median('server');
      const floor = big.series.direct.median() / small.series.direct.median();
      const own = (c: Case) => c.series.gateway.median('server') - c.series.direct.median();
      report.detail('3', `${big.count}/${small.count}: gateway server time ${ratio.toFixed(2)}x, exchange ${(big.series.gateway.median('exchange') / small.series.gateway.median('exchange')).toFixed(2)}x; backend floor ${floor.toFixed(2)}x; ` +
        `the gateway's own share (server time minus floor) ${formatMs(own(big))} vs ${formatMs(own(small))} = ${(own(big) / own(small)).toFixed(2)}x` +
        (big.series.peer.measurements.length > 0 && small.series.peer.measurements.length > 0 ? `; peer server time ${(big.series.peer.median('server') / small.series.peer.median('server')).toFixed(2)}x` : ''));
      report.add({
        id: '3',
        what: `two-way, one change: gateway server time, ${big.count} / ${small.count} contacts${what}`,
        value: formatMs(big.series.gateway.median('server')),
        baseline: `${small.count} contacts ${formatMs(small.series.gateway.median('server'))}`,
        ratio,
        target: '<= 1.5x',
        ...atMost(ratio, 1.5, `backend floor alone ${floor.toFixed(2)}x`),
      });
    };
    if (small.problems.gateway !== undefined) {
      report.fail('3', `two-way, one change, ${small.count} contacts`, new Error(`gateway: ${small.problems.gateway}`), '<= 1.5x');
    } else {
      if (large.problems.gateway !== undefined) report.fail('3', `two-way, one change, ${large.count} contacts`, new Error(`gateway: ${large.problems.gateway}`), '<= 1.5x');
      else compare(large, '');
      const fallback = cases.find((c) => c.size === 'fallback');
      if (fallback !== undefined && fallback.problems.gateway === undefined) compare(fallback, ` (fallback size: ${large.count} could not be set up)`);
    }
    if (ctx.peer === undefined) {
      report.skip('7c', 'peer: incremental', `needs: peer (${ctx.peerProblem ?? 'disabled'})`, '<= 0.5x');
      return;
    }
    for (const c of [small, large]) {
      const id = `7c-${c.size}`;
      const what = `two-way, one change, ${c.count} contacts: gateway / peer (server time)`;
      const problem = c.problems.gateway ?? c.problems.peer;
      if (problem !== undefined) {
        report.fail(id, what, new Error(`${c.problems.gateway !== undefined ? 'gateway' : 'peer'}: ${problem}`), '<= 0.5x');
        continue;
      }
      const ratio = c.series.gateway.median('server') / c.series.peer.median('server');
      report.add({
        id,
        what,
        value: formatMs(c.series.gateway.median('server')),
        baseline: `peer ${formatMs(c.series.peer.median('server'))}`,
        ratio,
        target: '<= 0.5x',
        ...atMost(ratio, 0.5, `wall: ${(c.series.gateway.median('wall') / c.series.peer.median('wall')).toFixed(2)}x`),
      });
    }
  },
};

export const incrementalInbox: Scenario = {
  id: '3',
  title: 'Incremental cost: INBOX of 500 and 20,000 messages',
  needs: ['mail'],
  target: '<= 1.5x',
};
