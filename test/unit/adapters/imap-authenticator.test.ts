// The IMAP authenticator against a scripted IMAP server: what it sends (ID with the device's
// address before LOGIN), how it reads answers, and that no password reaches the log.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { ImapAuthenticator, type AuthLogger } from '../../../adapters/imap/imap-authenticator.ts';

type LoginAnswer = 'ok' | 'failed' | 'unavailable' | 'silent';

interface FakeImap {
  url: string;
  commands: string[];
  close(): Promise<void>;
}

/** A minimal IMAP server: LOGIN (no AUTH=), ID, NAMESPACE, LOGOUT; `greet: false` never greets. */
async function fakeImap(login: LoginAnswer, greet = true): Promise<FakeImap> {
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (greet) socket.write('* OK [CAPABILITY IMAP4rev1 ID] fake ready\r\n');
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const [tag, command = ''] = line.split(' ');
        commands.push(line);
        const verb = command.toUpperCase();
        if (verb === 'CAPABILITY') socket.write(`* CAPABILITY IMAP4rev1 ID\r\n${tag} OK done\r\n`);
        else if (verb === 'ID') socket.write(`* ID ("name" "fake")\r\n${tag} OK ID done\r\n`);
        else if (verb === 'LOGIN') {
          if (login === 'ok') socket.write(`${tag} OK [CAPABILITY IMAP4rev1 ID] Logged in\r\n`);
          else if (login === 'failed') socket.write(`${tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n`);
          else if (login === 'unavailable') socket.write(`${tag} NO [UNAVAILABLE] Temporary authentication failure.\r\n`);
        } else if (verb === 'NAMESPACE') socket.write(`* NAMESPACE (("" "/")) NIL NIL\r\n${tag} OK done\r\n`);
        else if (verb === 'LOGOUT') {
          socket.write(`* BYE bye\r\n${tag} OK done\r\n`);
          socket.end();
        } else socket.write(`${tag} OK done\r\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    url: `imap://127.0.0.1:${address.port}`,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function recordingLogger(): AuthLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (obj, msg) => lines.push(JSON.stringify({ obj, msg })),
    warn: (obj, msg) => lines.push(JSON.stringify({ obj, msg })),
  };
}

const servers: FakeImap[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

async function server(login: LoginAnswer, greet = true): Promise<FakeImap> {
  const s = await fakeImap(login, greet);
  servers.push(s);
  return s;
}

const alice = { user: 'alice@example.com', password: 'Secret-Pass-123' };

test('ok: sends ID with x-originating-ip before LOGIN, then logs out', async () => {
  const imap = await server('ok');
  const logger = recordingLogger();
  const result = await new ImapAuthenticator({ url: imap.url, logger }).verify(alice, '192.0.2.44');
  assert.equal(result, 'ok');
  const verbs = imap.commands.map((c) => c.split(' ')[1]?.toUpperCase());
  const id = imap.commands.find((c) => / ID /i.test(c)) ?? '';
  assert.match(id, /"x-originating-ip" "192\.0\.2\.44"/);
  assert.ok(verbs.indexOf('ID') < verbs.indexOf('LOGIN'), `ID before LOGIN: ${verbs.join(',')}`);
  assert.ok(verbs.includes('LOGOUT'));
  assert.ok(!logger.lines.join('\n').includes(alice.password));
});

test('no x-originating-ip without a client address, or with one that is not an IP', async () => {
  const imap = await server('ok');
  const authenticator = new ImapAuthenticator({ url: imap.url });
  assert.equal(await authenticator.verify(alice), 'ok');
  assert.equal(await authenticator.verify(alice, 'not an ip" "x-injected" "1'), 'ok');
  assert.ok(!imap.commands.some((c) => /x-originating-ip|x-injected/i.test(c)));
});

test('invalid: AUTHENTICATIONFAILED; the password is not logged', async () => {
  const imap = await server('failed');
  const logger = recordingLogger();
  assert.equal(await new ImapAuthenticator({ url: imap.url, logger }).verify(alice, '192.0.2.45'), 'invalid');
  assert.ok(logger.lines.length > 0);
  assert.ok(!logger.lines.join('\n').includes(alice.password));
});

test('unavailable: [UNAVAILABLE] temporary failure from the server', async () => {
  const imap = await server('unavailable');
  assert.equal(await new ImapAuthenticator({ url: imap.url }).verify(alice), 'unavailable');
});

test('unavailable: no greeting within the timeout', async () => {
  const imap = await server('ok', false);
  const started = Date.now();
  const result = await new ImapAuthenticator({ url: imap.url, greetingTimeoutMs: 300 }).verify(alice);
  assert.equal(result, 'unavailable');
  assert.ok(Date.now() - started < 5000);
});

test('unavailable: no answer to LOGIN within the socket timeout', async () => {
  const imap = await server('silent');
  assert.equal(await new ImapAuthenticator({ url: imap.url, socketTimeoutMs: 400 }).verify(alice), 'unavailable');
});

test('invalid without connecting: empty user or password', async () => {
  const imap = await server('ok');
  const authenticator = new ImapAuthenticator({ url: imap.url });
  assert.equal(await authenticator.verify({ user: 'alice@example.com', password: '' }), 'invalid');
  assert.equal(await authenticator.verify({ user: '', password: 'x' }), 'invalid');
  assert.equal(imap.commands.length, 0);
});

test('only imap:// and imaps:// URLs are accepted', () => {
  assert.throws(() => new ImapAuthenticator({ url: 'http://127.0.0.1:143' }));
});
