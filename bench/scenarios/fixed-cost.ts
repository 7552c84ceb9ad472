// Scenario 8: the fixed cost of a session, a two-way sync with nothing to do, on the gateway and
// on the peer. Client process start is left out by timing the HTTP exchange at the proxy in
// front of each server: first request in to last answer out. `syncevolution --version` gives
// the client's bare start-up time for reference.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { BenchDevice } from '../lib/device.ts';
import { atMost } from '../lib/report.ts';
import { formatMs, median, formatRuns } from '../lib/stats.ts';
import type { SyncServer } from '../lib/sync-server.ts';
import { requireGateway, type BenchContext, type Scenario } from './context.ts';
import { filledCollection } from './fixtures.ts';
import { SyncSeries, describeRounds, rounds, timed } from './measure.ts';

const contactsInStore = 10;

async function syncedDevice(ctx: BenchContext, server: SyncServer, collection: string): Promise<BenchDevice> {
  const deviceId = `bench-s8-${server.kind}-${ctx.runId}`;
  const device = new BenchDevice({ server, deviceId, collection, dir: path.join(ctx.runDir, deviceId) });
  await device.configure();
  await device.sync('two-way', 'slow');
  return device;
}

function versionRun(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('syncevolution', ['--version'], { timeout: 30_000 }, (error) => (error ? reject(error) : resolve()));
  });
}

export const fixedCost: Scenario = {
  id: '8',
  title: 'Fixed cost of a session',
  async prepare(ctx) {
    await filledCollection(ctx, ctx.collection('bench-s8'), contactsInStore, 'S8');
  },
  async run(ctx) {
    const { config, report } = ctx;
    const gateway = requireGateway(ctx);
    const collection = ctx.collection('bench-s8');
    await filledCollection(ctx, collection, contactsInStore, 'S8');
    const devices = [await syncedDevice(ctx, gateway, collection)];
    if (ctx.peer !== undefined) devices.push(await syncedDevice(ctx, ctx.peer, collection));
    const series = { gateway: new SyncSeries('gateway, no-change two-way'), peer: new SyncSeries('peer, no-change two-way') };
    const startup: number[] = [];
    let done;
    try {
      done = await rounds(config.runs, config.budgetS['8'], async () => {
        startup.push(await timed(versionRun));
        for (const device of devices) {
          const m = await device.sync('two-way', 'two-way');
          const counts = BenchDevice.counts(m);
          if (counts !== 'local +0 ~0 -0 remote +0 ~0 -0') throw new Error(`${device.server.kind}: a sync with nothing to do moved items: ${counts}`);
          series[device.server.kind].add(m);
        }
      });
    } finally {
      for (const device of devices) await device.cleanup();
    }
    report.detail('8', `${contactsInStore} contacts on both sides, ${describeRounds(done, config.budgetS['8'])}; verdict on the HTTP exchange time at the proxy (first request in to last answer out)`);
    report.detail('8', `client start-up alone (syncevolution --version): ${formatRuns(startup)} (median ${formatMs(median(startup))})`);
    report.detail('8', series.gateway.describe());
    if (ctx.peer === undefined) {
      report.add({
        id: '8',
        what: 'no-change two-way: gateway HTTP exchange',
        value: formatMs(series.gateway.median('exchange')),
        baseline: '-',
        target: '<= 0.25x peer',
        verdict: 'skipped',
        note: `needs: peer (${ctx.peerProblem ?? 'disabled'})`,
      });
      return;
    }
    report.detail('8', series.peer.describe());
    const ratio = series.gateway.median('exchange') / series.peer.median('exchange');
    report.add({
      id: '8',
      what: 'no-change two-way: gateway / peer (HTTP exchange)',
      value: formatMs(series.gateway.median('exchange')),
      baseline: `peer ${formatMs(series.peer.median('exchange'))}`,
      ratio,
      target: '<= 0.25x',
      ...atMost(ratio, 0.25),
    });
  },
};
