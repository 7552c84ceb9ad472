// HTTPS served by the gateway itself (SYNCML_TLS_CERT / SYNCML_TLS_KEY), with a self-signed
// certificate for 127.0.0.1 made by `openssl req` at test time: SyncML over TLS from Node and
// from SyncEvolution (which checks the certificate), RespURIs that stay on https, and no
// cleartext HTTP on the TLS port.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accounts, ensureStack } from '../support/stack.ts';
import { emptyCollection, listVCards } from '../support/dav.ts';
import { SyncEvolutionDevice } from '../support/syncevolution.ts';
import { startTestGateway } from '../support/gateway.ts';
import { testContact, vcard30 } from '../support/contacts.ts';
import type { RunningGateway } from '../../gateway/server.ts';

const run = Date.now().toString(36);
const account = accounts.carol;

function selfSignedCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'syncml-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert, key };
}

const firstMessage = (target: string): string =>
  '<?xml version="1.0"?><SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>SyncML/1.2</VerProto>' +
  `<SessionID>1</SessionID><MsgID>1</MsgID><Target><LocURI>${target}</LocURI></Target><Source><LocURI>it-tls-node-${run}</LocURI></Source></SyncHdr>` +
  '<SyncBody><Final/></SyncBody></SyncML>';

describe('HTTPS served by the gateway', { timeout: 300_000 }, () => {
  let gateway: RunningGateway;
  let tls: { cert: string; key: string };
  let device: SyncEvolutionDevice | undefined;

  before(async () => {
    await ensureStack();
    await emptyCollection(account, 'contacts');
    tls = selfSignedCertificate();
    gateway = await startTestGateway({ env: { SYNCML_TLS_CERT: tls.cert, SYNCML_TLS_KEY: tls.key } });
  });

  after(async () => {
    await gateway?.close();
    await device?.cleanup();
  });

  test('SyncML over TLS: the certificate verifies, the RespURI is https', async () => {
    assert.match(gateway.url, /^https:\/\/127\.0\.0\.1:\d+\/syncml$/);
    const ca = readFileSync(tls.cert);
    const { status, body } = await new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
      const req = httpsRequest(gateway.url, { method: 'POST', ca, headers: { 'content-type': 'application/vnd.syncml+xml' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.end(firstMessage(gateway.url));
    });
    assert.equal(status, 200);
    assert.match(body, /<Data>407<\/Data>/, 'no credentials: challenged');
    assert.match(body, /<RespURI>https:\/\/127\.0\.0\.1:\d+\/syncml\?sid=/);
  });

  test('cleartext HTTP on the TLS port gets no SyncML answer', async () => {
    const plain = gateway.url.replace(/^https:/, 'http:');
    const outcome = await fetch(plain, { method: 'POST', headers: { 'content-type': 'application/vnd.syncml+xml' }, body: firstMessage(plain) }).then(
      (r) => r.status,
      () => 'refused',
    );
    assert.notEqual(outcome, 200);
  });

  test('SyncEvolution syncs over HTTPS, checking the server certificate', async () => {
    // Without our certificate among its CAs the client refuses the server: verification is on.
    const untrusting = new SyncEvolutionDevice({ syncURL: gateway.url, ...account, deviceId: `it-tls-untrusting-${run}`, extraConfig: { SSLVerifyServer: '1', SSLVerifyHost: '1' } });
    try {
      await untrusting.configure();
      const refused = await untrusting.sync('two-way');
      assert.notEqual(refused.exitCode, 0);
    } finally {
      await untrusting.cleanup();
    }
    device = new SyncEvolutionDevice({
      syncURL: gateway.url,
      ...account,
      deviceId: `it-tls-${run}`,
      extraConfig: { SSLServerCertificates: tls.cert, SSLVerifyServer: '1', SSLVerifyHost: '1' },
    });
    await device.configure();
    await device.writeItem('contacts', 'tls.vcf', vcard30(testContact(1, 'Tls')));
    const result = await device.sync('two-way');
    assert.equal(result.exitCode, 0, `${result.status} ${result.error ?? ''}\n${result.stdout.slice(-2000)}`);
    assert.equal(result.stats.contacts?.remote.added, 1);
    assert.equal((await listVCards(account)).length, 1);
  });
});
