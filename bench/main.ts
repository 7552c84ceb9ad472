// `npm run bench`: runs the scenarios of issue 7 against the real stack and prints a table of
// medians with ratios against baselines measured in the same run; writes bench/results.md.
// Sizes and switches: bench/config.ts (BENCH_QUICK=1 for a smoke run).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureStack } from '../test/support/stack.ts';
import { loadBenchConfig } from './config.ts';
import { installExitHandlers } from './lib/children.ts';
import { ExchangeProxy } from './lib/exchange-proxy.ts';
import { GatewayProcess } from './lib/gateway-process.ts';
import { machineInfo } from './lib/machine.ts';
import { PeerServer, peerUnavailableReason } from './lib/peer-server.ts';
import { Report } from './lib/report.ts';
import { formatMs } from './lib/stats.ts';
import { gatewayServer, peerServer } from './lib/sync-server.ts';
import { codec } from './scenarios/codec.ts';
import type { BenchContext, Scenario } from './scenarios/context.ts';
import { firstSync } from './scenarios/first-sync.ts';
import { fixedCost } from './scenarios/fixed-cost.ts';
import { incremental, incrementalInbox } from './scenarios/incremental.ts';
import { manyDevices } from './scenarios/many-devices.ts';
import { pushLatency } from './scenarios/needs.ts';
import { profile } from './scenarios/profile.ts';
import { refresh, refreshEvents } from './scenarios/refresh.ts';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const config = loadBenchConfig();

/** In run order. Scenario 7 (the peer) is measured inside 1, 2 and 3, on the same data. */
const scenarios: Scenario[] = [
  codec,
  fixedCost,
  firstSync,
  ...(config.profile ? [profile] : []),
  refresh,
  refreshEvents,
  incremental,
  incrementalInbox,
  pushLatency,
  manyDevices,
];

const methodNotes = `## How it is measured

- Everything runs on loopback against the stack of \`scripts/stack.sh\` (Radicale, Dovecot for the
  password check). The bench account is \`demo@example.com\` (the integration tests use the others);
  its bench collections are named \`bench-*\`.
- The gateway runs as a child process (\`node --import tsx gateway/main.ts\`, embedded state, log
  level info); the peer is SyncEvolution's own server (syncevo-http-server + syncevo-dbus-server,
  libsynthesis engine) with its CardDAV backend on the same Radicale and the same collections,
  log level 0 and no data dumps. Runs against direct / gateway / peer are interleaved per round.
- The client is SyncEvolution 2.0 (file store, vCard 2.1, SyncML 1.2 XML, maxMsgSize 150000).
  Each SyncEvolution sync is timed three ways: **wall** (the whole \`syncevolution --run\`),
  **HTTP exchange** (at a timing proxy in front of the server: first request in to last answer
  out; client start excluded) and **server time** (sum of the request durations at the proxy:
  the client's own work between messages excluded too).
- Verdicts on server time for scenarios 1, 2, 3 and 7: what the server adds to the sync, the
  backend's work included, the client's own work left out (the baselines have no client; the
  client scans and writes all its item files, which is not the server's cost). The wall-time
  ratio is given beside it. Scenario 8 on the HTTP exchange, as the issue asks.
- Scenario 4's load generator is the project's typed-message client (test/support/model-client.ts)
  over HTTP, encoding with gateway/protocol + gateway/codec and opening each session with the
  DevInf of SyncEvolution's recorded first message.
- Radicale's own cost per PUT grows with the collection size (O(n) per write in Radicale 3), so
  large collections are filled with one whole-collection PUT and kept between runs.
`;

async function main(): Promise<void> {
  installExitHandlers();
  const runId = Date.now().toString(36);
  const started = performance.now();
  const outDir = path.join(benchDir, 'out');
  const ctx: BenchContext = {
    config,
    report: new Report(),
    runDir: path.join(outDir, `run-${runId}`),
    cacheDir: path.join(outDir, `cache${config.collectionSuffix}`),
    logDir: path.join(outDir, 'logs'),
    runId,
    collection: (name) => `${name}${config.collectionSuffix}`,
    log: (message) => console.log(`[bench] ${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s ${message}`),
  };
  for (const dir of [ctx.runDir, ctx.cacheDir, ctx.logDir]) mkdirSync(dir, { recursive: true });
  const machine = machineInfo();
  for (const line of machine.lines) ctx.log(line);

  const selected = scenarios.filter((s) => config.only.size === 0 || config.only.has(s.id) || (config.only.has('7') && ['1', '2', '3'].includes(s.id)));
  const runnable: Scenario[] = [];
  for (const scenario of selected) {
    const missing = (scenario.needs ?? []).filter((need) => !config.features.has(need));
    if (missing.length > 0) ctx.report.skip(scenario.id, scenario.title, `needs: ${missing.join(', ')}`, scenario.target ?? '');
    else runnable.push(scenario);
  }

  await ensureStack();
  const failedPrepare = new Set<Scenario>();
  for (const scenario of runnable) {
    if (scenario.prepare === undefined) continue;
    try {
      await scenario.prepare(ctx);
    } catch (error) {
      failedPrepare.add(scenario);
      ctx.report.fail(scenario.id, `${scenario.title} (setup)`, error);
    }
  }

  let gateway: GatewayProcess | undefined;
  let peer: PeerServer | undefined;
  const proxies: ExchangeProxy[] = [];
  try {
    try {
      gateway = await GatewayProcess.start({
        state: path.join(ctx.cacheDir, 'gateway-state'),
        logFile: path.join(ctx.logDir, 'gateway.log'),
        logLevel: config.gatewayLogLevel,
      });
      const proxy = new ExchangeProxy(gateway.baseUrl);
      await proxy.listen();
      proxies.push(proxy);
      ctx.gateway = gatewayServer(gateway, proxy);
      ctx.gatewayProcess = gateway;
    } catch (error) {
      ctx.gatewayProblem = error instanceof Error ? error.message : String(error);
      ctx.log(`gateway did not start: ${ctx.gatewayProblem}`);
    }
    ctx.peerProblem = config.peer ? peerUnavailableReason() : 'disabled with BENCH_PEER=0';
    if (ctx.peerProblem === undefined && runnable.some((s) => ['1', '2', '3', '8'].includes(s.id))) {
      try {
        peer = new PeerServer({ dir: path.join(ctx.cacheDir, 'peer'), logFile: path.join(ctx.logDir, 'peer.log') });
        await peer.removeTransientPeers();
        await peer.start();
        const proxy = new ExchangeProxy(peer.baseUrl);
        await proxy.listen();
        proxies.push(proxy);
        ctx.peer = peerServer(peer, proxy);
      } catch (error) {
        ctx.peerProblem = `syncevo-http-server did not start: ${error instanceof Error ? error.message : String(error)}`;
        ctx.log(ctx.peerProblem);
      }
    }

    for (const scenario of runnable) {
      if (scenario.run === undefined || failedPrepare.has(scenario)) continue;
      const t = performance.now();
      ctx.log(`scenario ${scenario.id}: ${scenario.title}`);
      try {
        await scenario.run(ctx);
      } catch (error) {
        ctx.report.fail(scenario.id, scenario.title, error);
      }
      ctx.log(`scenario ${scenario.id} took ${formatMs(performance.now() - t)}`);
    }
  } finally {
    await gateway?.stop();
    await peer?.stop();
    for (const proxy of proxies) await proxy.close();
    rmSync(ctx.runDir, { recursive: true, force: true });
  }

  const total = performance.now() - started;
  machine.lines.push(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine during the run shows here)`);
  const mode = config.quick ? 'quick smoke run (BENCH_QUICK=1): small sizes, not for conclusions' : 'full run';
  console.log(`\n${ctx.report.text()}\n\n${mode}; total ${formatMs(total)}`);
  const results = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.sh), ${mode}, total ${formatMs(total)}.`,
    '',
    ...machine.lines.map((l) => `- ${l}`),
    '',
    ctx.report.markdownTable(),
    '',
    methodNotes,
    '## Details',
    '',
    ctx.report.markdownDetails(),
  ].join('\n');
  const file = process.env['BENCH_RESULTS'] ?? (config.quick ? path.join(outDir, 'results-quick.md') : path.join(benchDir, 'results.md'));
  writeFileSync(file, results);
  console.log(`results written to ${path.relative(process.cwd(), file)}`);
  process.exitCode = ctx.report.rows.some((r) => r.verdict === 'error') ? 1 : 0;
}

await main();
