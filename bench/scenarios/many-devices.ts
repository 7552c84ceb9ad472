// Scenario 4: many devices of one account at once against one gateway process. Each simulated
// device (typed-message client over HTTP, SyncEvolution's recorded DevInf) runs a slow sync
// uploading its contacts, then a two-way sync with one change and one new contact. Each device
// has its own address book, so the backend work per device stays the same whatever the count.
// Reported: errors, message latency, peak RSS of the gateway process; and, as the floor, the
// same writes sent straight to Radicale (20 clients at a time: Radicale refuses more).
import path from 'node:path';
import { benchContacts, type BenchContact } from '../lib/contacts.ts';
import { GatewayProcess } from '../lib/gateway-process.ts';
import { runLoadDevice, type LoadStats } from '../lib/load-client.ts';
import { pool } from '../lib/pool.ts';
import { benchAccount, deleteAddressBook, listMembers, putVCard, recreateAddressBook } from '../lib/radicale.ts';
import { formatBytes, formatMs, percentile } from '../lib/stats.ts';
import type { BenchContext, Scenario } from './context.ts';

/** Radicale's max_connections in scripts/lib/radicale.sh: direct clients beyond it are refused. */
const directClients = 20;

/** Error messages with how often each came, most frequent first (numbers and ids folded). */
function tally(messages: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const m of messages) {
    const key = m.replace(/^device \d+: /, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>').replace(/bench-load-\d+/g, 'bench-load-N');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}

export const manyDevices: Scenario = {
  id: '4',
  title: 'Many devices',
  async run(ctx: BenchContext) {
    const { config } = ctx;
    const devices = config.devices;
    const perDevice = config.deviceContacts;
    const collections = Array.from({ length: devices }, (_, i) => ctx.collection(`bench-load-${String(i).padStart(3, '0')}`));
    const contactsOf = (i: number) => benchContacts(perDevice + 1, `L${i}`);
    ctx.log(`4: making ${devices} address books`);
    await pool(devices, 8, async (i) => recreateAddressBook(collections[i]!));
    try {
      await measure(ctx, collections, contactsOf);
    } finally {
      await pool(devices, 8, async (i) => deleteAddressBook(collections[i]!));
    }
  },
};

/** The load against its own gateway process, then the same writes straight into Radicale. */
async function measure(ctx: BenchContext, collections: readonly string[], contactsOf: (i: number) => BenchContact[]): Promise<void> {
  const { config, report } = ctx;
  const devices = collections.length;
  const perDevice = config.deviceContacts;
  // Its own gateway process, started after the address books exist (discovery is cached).
  const gateway = await GatewayProcess.start({
    state: path.join(ctx.runDir, 'load-gateway-state'),
    logFile: path.join(ctx.logDir, 'gateway-load.log'),
    logLevel: config.gatewayLogLevel,
  });
  const stats: LoadStats = { latencies: [], errors: [], bytesUp: 0, bytesDown: 0 };
  const rssSamples: number[] = [];
  let peakRss = 0;
  let idleRss = 0;
  let wallMs = 0;
  let completed = 0;
  try {
    idleRss = (await gateway.memory()).rss;
    const sampler = setInterval(() => {
      gateway.memory().then((m) => rssSamples.push(m.rss), () => {});
    }, 250);
    const deadline = AbortSignal.timeout(config.loadTimeLimitS * 1000);
    const start = performance.now();
    ctx.log(`4: ${devices} devices syncing ${perDevice} contacts each, concurrently`);
    await Promise.all(
      collections.map(async (collection, i) => {
        const contacts = contactsOf(i);
        try {
          await runLoadDevice({ index: i, url: gateway.url, collection, contacts: contacts.slice(0, perDevice), extra: contacts[perDevice]!, stats, signal: deadline, runId: ctx.runId });
          completed++;
        } catch (error) {
          stats.errors.push(`device ${i}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
    wallMs = performance.now() - start;
    clearInterval(sampler);
    peakRss = (await gateway.memory()).peakRss;
  } finally {
    await gateway.stop();
  }
  // Every device's address book must hold its contacts plus the one added in the two-way sync.
  let incomplete = 0;
  await pool(devices, 8, async (i) => {
    const n = (await listMembers(collections[i]!)).size;
    if (n !== perDevice + 1) incomplete++;
  });

  const sessions = devices * 2;
  const p50 = percentile(stats.latencies, 50);
  const p99 = percentile(stats.latencies, 99);
  const failedDevices = devices - completed;
  report.detail('4', `${devices} devices of ${benchAccount.user}, one address book each; per device a slow sync with ${perDevice} vCard 2.1 contacts, then a two-way sync with 1 change + 1 new contact; all started at once`);
  report.detail('4', `${completed}/${devices} devices completed both sessions without an error status in ${formatMs(wallMs)}; ${stats.latencies.length} messages, p50 ${formatMs(p50)}, p90 ${formatMs(percentile(stats.latencies, 90))}, p99 ${formatMs(p99)}, max ${formatMs(percentile(stats.latencies, 100))}; ${formatBytes(stats.bytesUp)} up, ${formatBytes(stats.bytesDown)} down`);
  report.detail('4', `gateway RSS: idle ${formatBytes(idleRss)}, peak (VmHWM) ${formatBytes(peakRss)}, highest sample ${formatBytes(Math.max(0, ...rssSamples))}`);
  if (incomplete > 0) report.detail('4', `${incomplete} address books do not hold ${perDevice + 1} contacts afterwards`);
  for (const [message, count] of tally(stats.errors)) report.detail('4', `${count} devices: ${message}`);
  report.add({
    id: '4',
    what: `${devices} devices x ${perDevice} contacts at once: failed devices`,
    value: `${failedDevices} of ${devices} (${sessions} sessions)`,
    baseline: '-',
    target: 'no errors',
    verdict: failedDevices === 0 && incomplete === 0 ? 'met' : 'missed',
    ...(stats.errors.length === 0 ? {} : { note: `e.g. ${tally(stats.errors)[0]![0].slice(0, 140)}` }),
  });
  report.add({
    id: '4',
    what: `${devices} devices at once: peak RSS of the gateway process`,
    value: formatBytes(peakRss),
    baseline: `idle ${formatBytes(idleRss)}`,
    target: '< 300 MB',
    verdict: peakRss < 300 * 1024 * 1024 ? 'met' : 'missed',
  });

  // The floor: the same PUTs straight into Radicale, one client per device, at most as many
  // at once as Radicale takes connections (more are refused: its max_connections is 20).
  const directLatencies: number[] = [];
  const directErrors: string[] = [];
  await pool(devices, 8, async (i) => recreateAddressBook(collections[i]!));
  const directStart = performance.now();
  await pool(devices, directClients, async (i) => {
    const contacts = contactsOf(i);
    const put = async (c: BenchContact, card: string) => {
      const t = performance.now();
      try {
        await putVCard(collections[i]!, c.name, card);
        directLatencies.push(performance.now() - t);
      } catch (error) {
        directErrors.push(error instanceof Error ? error.message : String(error));
      }
    };
    for (const c of contacts) await put(c, c.vcard30);
    await put(contacts[0]!, contacts[0]!.vcard30.replace('END:VCARD', 'NOTE;X-CHANGED=1:changed\r\nEND:VCARD'));
  });
  const directMs = performance.now() - directStart;
  report.detail('4', `floor: the same ${devices * (perDevice + 2)} PUTs straight into Radicale, ${directClients} clients at a time: ${formatMs(directMs)}, ${directErrors.length} failed; PUT latency p50 ${formatMs(percentile(directLatencies, 50))}, p99 ${formatMs(percentile(directLatencies, 99))}`);
  report.add({
    id: '4',
    what: `${devices} devices at once: message latency p50 / p99`,
    value: `${formatMs(p50)} / ${formatMs(p99)}`,
    baseline: `Radicale PUT ${formatMs(percentile(directLatencies, 50))} / ${formatMs(percentile(directLatencies, 99))}`,
    target: 'reported',
    verdict: 'info',
  });
  report.add({
    id: '4',
    what: `${devices} devices at once: all sessions done`,
    value: formatMs(wallMs),
    baseline: `same PUTs direct ${formatMs(directMs)}`,
    ratio: wallMs / directMs,
    target: 'reported',
    verdict: 'info',
  });
}

