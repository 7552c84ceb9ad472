// A CPU profile of the gateway during one scenario-1 upload (BENCH_PROFILE=1): a separate gateway
// process started with --cpu-prof, so the measured runs are not slowed by the profiler.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { benchContacts } from '../lib/contacts.ts';
import { summarizeProfile } from '../lib/cpu-profile.ts';
import { ExchangeProxy } from '../lib/exchange-proxy.ts';
import { GatewayProcess } from '../lib/gateway-process.ts';
import { recreateAddressBook } from '../lib/radicale.ts';
import { formatMs } from '../lib/stats.ts';
import { gatewayServer } from '../lib/sync-server.ts';
import type { Scenario } from './context.ts';
import { uploadFromNewDevice } from './first-sync.ts';

export const profile: Scenario = {
  id: '1p',
  title: 'CPU profile of the gateway during a scenario-1 upload',
  async run(ctx) {
    const { config, report } = ctx;
    const collection = ctx.collection('bench-s1');
    const dir = path.join(ctx.logDir, `cpu-profile-${ctx.runId}`);
    await recreateAddressBook(collection);
    const gateway = await GatewayProcess.start({
      state: path.join(ctx.runDir, 'profile-gateway-state'),
      logFile: path.join(ctx.logDir, 'gateway-profile.log'),
      logLevel: config.gatewayLogLevel,
      cpuProfileDir: dir,
    });
    const proxy = new ExchangeProxy(gateway.baseUrl);
    await proxy.listen();
    let wall = 0;
    try {
      const contacts = benchContacts(config.firstSyncContacts, 'S1', config.photoEvery);
      const m = await uploadFromNewDevice(ctx, gatewayServer(gateway, proxy), collection, contacts, `bench-s1-profile-${ctx.runId}`);
      wall = m.wallMs;
    } finally {
      await proxy.close();
      await gateway.stop();
      await recreateAddressBook(collection);
    }
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error(`no .cpuprofile written in ${dir}`);
    const summary = summarizeProfile(path.join(dir, file));
    const pct = (ms: number) => `${((ms / summary.busyMs) * 100).toFixed(1)}%`;
    report.detail('profile', `gateway CPU profile during one ${config.firstSyncContacts}-contact first sync (${formatMs(wall)} wall): ${formatMs(summary.busyMs)} on CPU, ${formatMs(summary.idleMs)} idle (waiting for Radicale and the client); ${path.relative(process.cwd(), path.join(dir, file))}`);
    report.detail('profile', `by project layer (time of the innermost gateway/adapters frame on the stack, library calls included): ${summary.layers.map((p) => `${p.name} ${formatMs(p.ms)} (${pct(p.ms)})`).join('; ')}`);
    report.detail('profile', `by part of the code (self time): ${summary.parts.map((p) => `${p.name} ${formatMs(p.ms)} (${pct(p.ms)})`).join('; ')}`);
    report.detail('profile', `top functions (self time): ${summary.functions.map((f) => `${f.name} ${formatMs(f.ms)} (${pct(f.ms)})`).join('; ')}`);
    ctx.log(`profile: busy ${formatMs(summary.busyMs)}, idle ${formatMs(summary.idleMs)}`);
  },
};
