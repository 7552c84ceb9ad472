// Scenario 1 (and 7a): a new phone uploads its address book (vCard 2.1, a few photos) through
// the gateway into Radicale, against the same vCards PUT straight into Radicale one by one and
// against SyncEvolution's own server. The collection is emptied (made anew) before every run.
import path from 'node:path';
import { BenchDevice } from '../lib/device.ts';
import { benchContacts, type BenchContact } from '../lib/contacts.ts';
import { listMembers, putVCard, recreateAddressBook } from '../lib/radicale.ts';
import { atMost } from '../lib/report.ts';
import { formatMs } from '../lib/stats.ts';
import type { SyncServer } from '../lib/sync-server.ts';
import { requireGateway, type BenchContext, type Scenario } from './context.ts';
import { SyncSeries, TimeSeries, describeRounds, rounds, timed } from './measure.ts';

/** Uploads `contacts` from a new device in a first (slow) sync; checks they all arrived. */
export async function uploadFromNewDevice(
  ctx: BenchContext,
  server: SyncServer,
  collection: string,
  contacts: readonly BenchContact[],
  deviceId: string,
): Promise<import('../lib/device.ts').SyncMeasurement> {
  const device = new BenchDevice({ server, deviceId, collection, dir: path.join(ctx.runDir, deviceId) });
  try {
    await device.configure();
    for (const c of contacts) await device.device.writeItem('contacts', `${c.index}.vcf`, c.vcard21);
    const m = await device.sync('two-way', 'slow');
    const stored = (await listMembers(collection)).size;
    if (stored !== contacts.length) throw new Error(`${server.kind}: ${stored} of ${contacts.length} contacts arrived in Radicale`);
    return m;
  } finally {
    await device.cleanup();
  }
}

export const firstSync: Scenario = {
  id: '1',
  title: 'Gateway overhead on a first sync',
  async prepare(ctx) {
    await recreateAddressBook(ctx.collection('bench-s1'));
  },
  async run(ctx) {
    const { config, report } = ctx;
    const gateway = requireGateway(ctx);
    const n = config.firstSyncContacts;
    const collection = ctx.collection('bench-s1');
    const contacts = benchContacts(n, 'S1', config.photoEvery);
    const photos = contacts.filter((c) => c.hasPhoto).length;
    const direct = new TimeSeries(`direct: ${n} PUTs one after another`);
    const viaGateway = new SyncSeries('gateway: SyncEvolution first sync');
    const viaPeer = new SyncSeries('peer: SyncEvolution first sync');
    // Interleaved rounds: whatever else the machine does hits all three alike.
    const done = await rounds(config.longRuns, config.budgetS['1'], async (round) => {
      await recreateAddressBook(collection);
      direct.add(await timed(async () => {
        for (const c of contacts) await putVCard(collection, c.name, c.vcard30);
      }));
      ctx.log(`1: round ${round} direct ${formatMs(direct.values.at(-1)!)}`);
      await recreateAddressBook(collection);
      viaGateway.add(await uploadFromNewDevice(ctx, gateway, collection, contacts, `bench-s1-gw-${ctx.runId}-${round}`));
      ctx.log(`1: round ${round} gateway ${formatMs(viaGateway.values('wall').at(-1)!)}`);
      if (ctx.peer !== undefined) {
        await recreateAddressBook(collection);
        viaPeer.add(await uploadFromNewDevice(ctx, ctx.peer, collection, contacts, `bench-s1-peer-${ctx.runId}-${round}`));
        ctx.log(`1: round ${round} peer ${formatMs(viaPeer.values('wall').at(-1)!)}`);
      }
    });
    await recreateAddressBook(collection);
    report.detail('1', `${n} contacts, vCard 2.1 on the device, ${photos} with a ~20 kB photo; ${describeRounds(done, config.budgetS['1'])}`);
    report.detail('1', direct.describe());
    report.detail('1', viaGateway.describe());
    const extra = viaGateway.median('server') - direct.median();
    report.detail('1', `gateway server time over direct PUTs: ${formatMs(extra)}, ${(extra / n).toFixed(1)} ms per contact`);
    const ratio = viaGateway.median('server') / direct.median();
    report.add({
      id: '1',
      what: `first sync, ${n} contacts: gateway server time / direct PUTs`,
      value: formatMs(viaGateway.median('server')),
      baseline: `direct PUTs ${formatMs(direct.median())}`,
      ratio,
      target: '<= 1.05x',
      ...atMost(ratio, 1.05, `with the client (wall): ${(viaGateway.median('wall') / direct.median()).toFixed(2)}x`),
    });
    if (ctx.peer === undefined) {
      report.skip('7a', `peer: first sync, ${n} contacts`, `needs: peer (${ctx.peerProblem ?? 'disabled'})`, '<= 0.5x');
      return;
    }
    report.detail('1', viaPeer.describe());
    report.detail('7', `first sync: peer server time / direct PUTs = ${(viaPeer.median('server') / direct.median()).toFixed(2)}x`);
    const peerRatio = viaGateway.median('server') / viaPeer.median('server');
    report.add({
      id: '7a',
      what: `first sync, ${n} contacts: gateway / peer (server time)`,
      value: formatMs(viaGateway.median('server')),
      baseline: `peer ${formatMs(viaPeer.median('server'))}`,
      ratio: peerRatio,
      target: '<= 0.5x',
      ...atMost(peerRatio, 0.5, `wall: ${(viaGateway.median('wall') / viaPeer.median('wall')).toFixed(2)}x`),
    });
  },
};
