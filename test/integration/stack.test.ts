// Checks that the real-server stack works (IMAP, Radicale, Redis, Postfix -> Dovecot) and that the SyncEvolution harness runs without crashing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { accounts, ensureStack, stackCollections, stackHost, stackPorts, type StackAccount } from '../support/stack.ts';
import {
  collectionUrl,
  deleteVCard,
  emptyCollection,
  listItems,
  listVCards,
  normalizeHref,
  probeCollection,
  putVCard,
} from '../support/dav.ts';
import { SyncEvolutionDevice } from '../support/syncevolution.ts';

before(async () => {
  await ensureStack();
});

function imapClient(account: StackAccount, password = account.password): ImapFlow {
  return new ImapFlow({
    host: stackHost,
    port: stackPorts.imap,
    secure: false,
    auth: { user: account.user, pass: password },
    logger: false,
  });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: stackHost, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

test('IMAP: alice logs in with her password and lists INBOX', async () => {
  const client = imapClient(accounts.alice);
  await client.connect();
  try {
    const mailboxes = await client.list();
    assert.ok(mailboxes.some((box) => box.path === 'INBOX'));
  } finally {
    await client.logout();
  }
});

test('IMAP: a wrong password is refused, promptly, and does not slow the next login', async () => {
  const started = Date.now();
  const client = imapClient(accounts.alice, 'not-her-password');
  client.on('error', () => {});
  await assert.rejects(client.connect());
  const good = imapClient(accounts.alice);
  await good.connect();
  await good.logout();
  assert.ok(Date.now() - started < 1500, `wrong + right login took ${Date.now() - started} ms`);
});

test('Radicale: alice has her collections; contacts is an address book', async () => {
  for (const name of Object.keys(stackCollections)) {
    assert.equal(await probeCollection(accounts.alice, accounts.alice.user, name), 207, name);
  }
  const response = await fetch(collectionUrl(accounts.alice.user, 'contacts'), {
    method: 'PROPFIND',
    headers: {
      Authorization: `Basic ${Buffer.from(`${accounts.alice.user}:${accounts.alice.password}`).toString('base64')}`,
      Depth: '0',
    },
  });
  const body = await response.text();
  assert.equal(response.status, 207);
  assert.match(body, /addressbook/);
  assert.match(body, /Contacts/);
  // Radicale percent-encodes the '@' of the user name in hrefs.
  assert.match(body, /alice%40example\.com\/contacts\//);
});

test('Radicale: alice cannot read bob\'s address book; a wrong password is refused', async () => {
  const status = await probeCollection(accounts.alice, accounts.bob.user, 'contacts');
  assert.ok(status === 403 || status === 404, `status ${status}`);
  const wrong = { user: accounts.alice.user, password: 'wrong' };
  assert.equal(await probeCollection(wrong, accounts.alice.user, 'contacts'), 401);
});

test('DAV helpers: put, list, delete and empty a vCard collection', async () => {
  const carol = accounts.carol;
  await emptyCollection(carol, 'contacts');
  const uid = `stack-test-${randomBytes(4).toString('hex')}`;
  const vcard = ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, 'FN:Stack Test', 'N:Test;Stack;;;', 'END:VCARD', ''].join('\r\n');
  const put = await putVCard(carol, `${uid}.vcf`, vcard, { createOnly: true });
  assert.equal(put.status, 201);

  const cards = await listVCards(carol);
  assert.equal(cards.length, 1);
  const card = cards[0];
  assert.ok(card);
  assert.equal(card.name, `${uid}.vcf`);
  assert.equal(normalizeHref(card.href), `/carol@example.org/contacts/${uid}.vcf`);
  assert.match(card.data ?? '', /FN:Stack Test/);
  assert.ok(card.etag);

  const update = await putVCard(carol, `${uid}.vcf`, vcard.replace('FN:Stack Test', 'FN:Stack Test 2'), { ifMatch: card.etag });
  assert.ok(update.ok, `update status ${update.status}`);
  assert.equal((await deleteVCard(carol, card.href)).status, 200);
  assert.equal((await listItems(carol, 'contacts')).length, 0);

  await putVCard(carol, 'a.vcf', vcard);
  await putVCard(carol, 'b.vcf', vcard.replace(uid, `${uid}-b`));
  assert.equal(await emptyCollection(carol, 'contacts'), 2);
  assert.deepEqual(await listVCards(carol), []);
});

test('Redis answers PING', async () => {
  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: stackHost, port: stackPorts.redis }, () => socket.write('PING\r\n'));
    socket.setEncoding('utf8');
    socket.once('data', (data: string) => {
      socket.destroy();
      resolve(data);
    });
    socket.on('error', reject);
  });
  assert.equal(reply, '+PONG\r\n');
});

test('SMTP: mail to bob@example.com reaches his INBOX through Postfix and LMTP', async (t) => {
  if (!(await portAnswers(stackPorts.smtp))) {
    t.skip('Postfix is not running (stack.sh start prints why)');
    return;
  }
  const subject = `stack test ${randomBytes(6).toString('hex')}`;
  const transport = nodemailer.createTransport({ host: stackHost, port: stackPorts.smtp, secure: false, ignoreTLS: true });
  await transport.sendMail({ from: accounts.alice.user, to: accounts.bob.user, subject, text: 'hello bob' });
  transport.close();

  const client = imapClient(accounts.bob);
  await client.connect();
  try {
    let found: number[] = [];
    for (let attempt = 0; attempt < 50 && found.length === 0; attempt++) {
      const lock = await client.getMailboxLock('INBOX');
      try {
        found = (await client.search({ subject })) || [];
      } finally {
        lock.release();
      }
      if (found.length === 0) await sleep(200);
    }
    assert.equal(found.length, 1, 'the message arrived once');
  } finally {
    await client.logout();
  }
});

interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A loopback HTTP server that records each request and answers 200 with a body that is not SyncML. */
async function garbageServer(): Promise<{ url: string; requests: RecordedRequest[]; close: () => Promise<void> }> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'Content-Type': 'application/vnd.syncml+xml' });
      res.end('this is not SyncML <<<');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, stackHost, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${stackHost}:${port}/syncml`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function basicCred(body: string): string | undefined {
  const data = /<Cred>.*?<Data>([^<]+)<\/Data>.*?<\/Cred>/s.exec(body)?.[1];
  return data === undefined ? undefined : Buffer.from(data, 'base64').toString('utf8');
}

test('SyncEvolution: a sync against a garbage server fails cleanly after a complete POST', async () => {
  const server = await garbageServer();
  const device = new SyncEvolutionDevice({
    syncURL: server.url,
    user: accounts.alice.user,
    password: accounts.alice.password,
    deviceId: 'stack-test-device',
    timeoutMs: 60_000,
  });
  try {
    await device.configure();
    const vcard = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Local Only\r\nN:Only;Local;;;\r\nEND:VCARD\r\n';
    await device.writeItem('contacts', '1', vcard);
    assert.deepEqual(await device.listItems('contacts'), ['1']);
    assert.equal(await device.readItem('contacts', '1'), vcard);

    const result = await device.sync('two-way');
    assert.equal(result.signal, null, `killed by ${result.signal}`);
    assert.equal(result.timedOut, false);
    assert.notEqual(result.exitCode, 0);
    assert.notEqual(result.exitCode, 139);
    assert.ok(result.logDir, 'a session log dir was written');
    assert.equal(typeof result.status, 'number');
    assert.notEqual(result.status, 200);
    assert.ok(result.stats['contacts']);

    const post = server.requests[0];
    assert.ok(post, 'the server saw a request');
    assert.equal(post.method, 'POST');
    assert.match(String(post.headers['content-type']), /application\/vnd\.syncml\+xml/);
    assert.equal(Number(post.headers['content-length']), post.body.length);
    const body = post.body.toString('utf8');
    assert.match(body, /<SyncML[\s>]/);
    assert.match(body, /<LocURI>stack-test-device<\/LocURI>/);
    assert.equal(basicCred(body), `${accounts.alice.user}:${accounts.alice.password}`);

    await device.changePassword('wrong-password');
    const second = await device.sync('two-way');
    assert.equal(second.signal, null);
    const again = server.requests[server.requests.length - 1];
    assert.ok(again && again !== post);
    assert.equal(basicCred(again.body.toString('utf8')), `${accounts.alice.user}:wrong-password`);

    await device.deleteItem('contacts', '1');
    assert.deepEqual(await device.listItems('contacts'), []);
  } finally {
    await device.cleanup();
    await server.close();
  }
});

test('SyncEvolution: WBXML, SyncML 1.1 and several stores reach the server as well', async () => {
  const server = await garbageServer();
  const device = new SyncEvolutionDevice({
    syncURL: server.url,
    user: accounts.bob.user,
    password: accounts.bob.password,
    syncMLVersion: '1.1',
    wbxml: true,
    stores: ['contacts', 'calendar', 'tasks', 'notes'],
    timeoutMs: 60_000,
  });
  try {
    await device.configure();
    const result = await device.sync('slow');
    assert.equal(result.signal, null);
    assert.notEqual(result.exitCode, 0);
    const post = server.requests[0];
    assert.ok(post);
    assert.match(String(post.headers['content-type']), /application\/vnd\.syncml\+wbxml/);
    assert.ok(post.body.length > 100);
    assert.ok(post.body[0] === 0x01 || post.body[0] === 0x02 || post.body[0] === 0x03, 'a WBXML version byte');
    assert.deepEqual(Object.keys(result.stats).sort(), ['calendar', 'contacts', 'notes', 'tasks']);
  } finally {
    await device.cleanup();
    await server.close();
  }
});
