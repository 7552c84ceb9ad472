// The skeleton's contacts sync again, with SyncEvolution speaking WBXML (enableWBXML=1), over
// SyncML 1.1 and 1.2: SyncEvolution <-> (recording proxy) <-> gateway <-> Radicale. The proxy
// proves that every request and every answer really was WBXML.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accounts, ensureStack } from '../support/stack.ts';
import { addChangeDeleteVCards, emptyCollection, listVCards } from '../support/dav.ts';
import { SyncEvolutionDevice, type SyncResult } from '../support/syncevolution.ts';
import { startTestGateway } from '../support/gateway.ts';
import { carriesContact, familyName, testContact, vcard30 } from '../support/contacts.ts';
import { assertSynced, counts } from '../support/sync-assertions.ts';
import type { RunningGateway } from '../../gateway/server.ts';

const account = accounts.demo;
const WBXML = 'application/vnd.syncml+wbxml';
/** Device ids unique to this run, so that state left by an earlier run cannot matter. */
const run = Date.now().toString(36);

/** Forwards HTTP to the gateway unchanged (Host included, so RespURI points back here) and records content types. */
interface RecordingProxy {
  url: string;
  exchanges: Array<{ request: string | undefined; response: string | undefined; status: number | undefined }>;
  close(): Promise<void>;
}

async function recordingProxy(target: string): Promise<RecordingProxy> {
  const to = new URL(target);
  const exchanges: RecordingProxy['exchanges'] = [];
  const server: Server = createServer((req, res) => {
    const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      exchanges.push({ request: req.headers['content-type'], response: answer.headers['content-type'], status: answer.statusCode });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${to.pathname}${to.search}`,
    exchanges,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}



for (const version of ['1.1', '1.2'] as const) {
  const tag = `W${version.replace('.', '')}`;

  describe(`contacts over WBXML with SyncML ${version}`, { timeout: 600_000 }, () => {
    let gateway: RunningGateway;
    let proxy: RecordingProxy;
    let device: SyncEvolutionDevice;

    /** Every exchange since the last call was WBXML both ways. */
    function assertAllWbxml(): void {
      const exchanges = proxy.exchanges.splice(0);
      assert.ok(exchanges.length >= 2, `only ${exchanges.length} HTTP exchanges`);
      for (const e of exchanges) {
        assert.equal(e.status, 200);
        assert.equal(e.request?.split(';')[0], WBXML);
        assert.equal(e.response, WBXML);
      }
    }

    before(async () => {
      await ensureStack();
      await emptyCollection(account, 'contacts');
      gateway = await startTestGateway();
      proxy = await recordingProxy(gateway.url);
      device = new SyncEvolutionDevice({
        syncURL: proxy.url,
        ...account,
        deviceId: `it-wbxml-${tag}-${run}`,
        syncMLVersion: version,
        wbxml: true,
        stores: [{ name: 'contacts', databaseFormat: 'text/vcard', uri: 'Contacts' }],
      });
      await device.configure();
    });

    after(async () => {
      await proxy?.close();
      await gateway?.close();
      await device?.cleanup();
    });

    test('a new device with 20 contacts syncs slow, then two-way with nothing to do', async () => {
      for (let i = 0; i < 20; i++) await device.writeItem('contacts', `c${i}.vcf`, vcard30(testContact(i, tag)));
      const first = await device.sync('two-way');
      assertSynced(first, 'slow');
      assert.equal(first.stats.contacts?.remote.added, 20, counts(first));
      const server = await listVCards(account);
      assert.equal(server.length, 20);
      for (let i = 0; i < 20; i++) {
        const c = testContact(i, tag);
        const stored = server.find((s) => familyName(s.data ?? '') === c.family);
        assert.ok(stored?.data !== undefined && carriesContact(stored.data, c), `${c.family} missing or incomplete on the server`);
      }
      const second = await device.sync('two-way');
      assertSynced(second, 'two-way');
      assert.equal(counts(second), 'local +0 ~0 -0 remote +0 ~0 -0');
      assertAllWbxml();
    });

    test('an add, a change and a delete made in Radicale reach the device', async () => {
      const added = await addChangeDeleteVCards(account, tag);
      const result = await device.sync('two-way');
      assertSynced(result, 'two-way');
      assert.equal(counts(result), 'local +1 ~1 -1 remote +0 ~0 -0');
      const texts = await Promise.all((await device.listItems('contacts')).map((n) => device.readItem('contacts', n)));
      assert.equal(texts.length, 20);
      assert.ok(texts.some((t) => carriesContact(t, added)), 'the added contact arrived with all its fields');
      assert.ok(texts.some((t) => familyName(t) === `${tag}001` && t.includes('changed on the server')));
      assert.ok(!texts.some((t) => familyName(t) === `${tag}002`));
      assertAllWbxml();
    });

    test('a change on the device reaches Radicale; the next sync has nothing to do', async () => {
      const files = await device.listItems('contacts');
      const texts = await Promise.all(files.map(async (f) => [f, await device.readItem('contacts', f)] as const));
      const [file, text] = texts.find(([, t]) => familyName(t) === `${tag}003`)!;
      await device.writeItem('contacts', file, text.replace(/TEL[^\r\n]*/, 'TEL;TYPE=CELL:+49 999 000'));
      const result = await device.sync('two-way');
      assertSynced(result, 'two-way');
      assert.equal(counts(result), 'local +0 ~0 -0 remote +0 ~1 -0');
      const server = await listVCards(account);
      assert.equal(server.length, 20);
      assert.ok(server.some((s) => familyName(s.data ?? '') === `${tag}003` && (s.data ?? '').includes('+49 999 000')));
      const again = await device.sync('two-way');
      assertSynced(again, 'two-way');
      assert.equal(counts(again), 'local +0 ~0 -0 remote +0 ~0 -0', 'no echo');
      assertAllWbxml();
    });
  });
}
