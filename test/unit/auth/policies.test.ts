// Each authentication policy against each kind of client credentials (done-when 1 of issue 6):
// the challenge with the required type (MD5: with a NextNonce), the rejection of the second
// wrong attempt in a session, and MD5 nonces that are never accepted twice.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAuthSettings, type AuthPolicy } from '../../../gateway/engine/auth.ts';
import { engineHarness, type EngineHarness } from '../../support/engine-harness.ts';
import { MemoryPasswords } from '../../support/memory-backend.ts';
import { AuthProbe, type Answer } from './auth-probe.ts';

const alice = { user: 'alice@example.com', password: 'alice-secret' };
const md5Type = 'syncml:auth-md5';
const basicType = 'syncml:auth-basic';

interface Setup {
  h: EngineHarness;
  passwords: MemoryPasswords;
  probe: AuthProbe;
}

let devices = 0;
function setup(policy: AuthPolicy): Setup {
  const passwords = new MemoryPasswords({ [alice.user]: alice.password });
  const h = engineHarness({ [alice.user]: alice.password }, undefined, { auth: { ...defaultAuthSettings, policy }, passwords });
  return { h, passwords, probe: new AuthProbe(h.process, `IMEI:policy-${++devices}`) };
}

function assertChallenge(answer: Answer, status: number, type: string): void {
  assert.equal(answer.status, status);
  assert.equal(answer.chal?.meta.type, type, 'Chal names the required type');
  assert.equal(answer.chal?.meta.format, 'b64');
  if (type === md5Type) assert.match(answer.chal?.meta.nextNonce ?? '', /^[A-Za-z0-9+/]{8,}={0,2}$/, 'MD5 Chal carries a NextNonce');
  else assert.equal(answer.chal?.meta.nextNonce, undefined);
}

function assertRejected(answer: Answer): void {
  assert.equal(answer.status, 401);
  assert.equal(answer.chal, undefined, 'no new challenge: the session is over');
}

function assertAccepted(answer: Answer): void {
  assert.equal(answer.status, 212);
  assert.ok(answer.reply.body.some((c) => c.kind === 'Status' && c.cmd === 'Alert'), 'the rest of the message is processed');
}

const policies: AuthPolicy[] = ['basic', 'md5', 'basic-or-md5'];
/** The type a policy asks for when a client sends none or the wrong one. */
const wanted = (policy: AuthPolicy): string => (policy === 'basic' ? basicType : md5Type);

for (const policy of policies) {
  describe(`policy ${policy}`, () => {
    test('no credentials: 407 with a Chal; the second attempt without is rejected and ends the session', async () => {
      const { h, probe } = setup(policy);
      assertChallenge(await probe.attempt({ type: 'none' }), 407, wanted(policy));
      assertRejected(await probe.attempt({ type: 'none' }));
      // Even right credentials get nowhere in a rejected session, and no password is checked.
      assertRejected(await probe.attempt({ type: 'basic', ...alice }));
      assert.equal(h.authenticator.calls, 0);
    });

    test('basic with the right password', async () => {
      const { h, probe } = setup(policy);
      const first = await probe.attempt({ type: 'basic', ...alice });
      if (policy === 'md5') {
        assertChallenge(first, 401, md5Type);
        assertRejected(await probe.attempt({ type: 'basic', ...alice }));
        assert.equal(h.authenticator.calls, 0, 'a type the policy refuses is not checked');
      } else {
        assertAccepted(first);
        assert.equal(first.chal, undefined, 'a basic session needs no nonce');
        assert.equal(h.authenticator.calls, 1);
      }
    });

    test('basic with a wrong password', async () => {
      const { h, probe } = setup(policy);
      const first = await probe.attempt({ type: 'basic', user: alice.user, password: 'wrong' });
      assertChallenge(first, 401, policy === 'md5' ? md5Type : basicType);
      assertRejected(await probe.attempt({ type: 'basic', user: alice.user, password: 'wrong' }));
      assert.equal(h.authenticator.calls, policy === 'md5' ? 0 : 2, 'the second attempt is checked (it could have been right)');
      if (policy !== 'md5') {
        // A wrong password, then the right one, in one session: accepted.
        const retry = new AuthProbe(h.process, `${probe.deviceId}-retry`);
        await retry.attempt({ type: 'basic', user: alice.user, password: 'wrong' });
        assertAccepted(await retry.attempt({ type: 'basic', ...alice }));
      }
    });

    test('md5 with the right password (a new client: empty nonce first, then the one it was given)', async () => {
      const { passwords, probe } = setup(policy);
      const first = await probe.attempt({ type: 'md5', ...alice, nonce: '' });
      if (policy === 'basic') {
        assertChallenge(first, 401, basicType);
        assertRejected(await probe.attempt({ type: 'md5', ...alice, nonce: '' }));
        assert.equal(passwords.calls, 0);
        return;
      }
      // An empty nonce is never accepted: the client is challenged with a fresh one.
      assertChallenge(first, 401, md5Type);
      const nonce = first.chal?.meta.nextNonce ?? '';
      const second = await probe.attempt({ type: 'md5', ...alice, nonce });
      assertAccepted(second);
      assertChallenge({ ...second, status: 401 }, 401, md5Type);
      assert.notEqual(second.chal?.meta.nextNonce, nonce, '212 carries the next nonce, a new one');
    });

    test('md5 with a wrong password', async () => {
      const { h, probe } = setup(policy);
      const first = await probe.attempt({ type: 'md5', user: alice.user, password: 'wrong', nonce: '' });
      assertChallenge(first, 401, policy === 'basic' ? basicType : md5Type);
      const second = await probe.attempt({ type: 'md5', user: alice.user, password: 'wrong', nonce: first.chal?.meta.nextNonce ?? '' });
      assertRejected(second);
      assert.equal(h.authenticator.calls, 0);
    });

    test('md5 with a replayed nonce', async () => {
      const { probe } = setup(policy);
      const challenge = await probe.attempt({ type: 'none' });
      const nonce = challenge.chal?.meta.nextNonce ?? 'bm9uY2U=';
      const message = probe.message({ type: 'md5', ...alice, nonce });
      const first = await probe.send(message);
      if (policy === 'basic') return assertRejected(first);
      assertAccepted(first);
      // The same message (same digest, same nonce) in a new session: not accepted again.
      const replayed = structuredClone(message);
      replayed.hdr.sessionID = `${message.hdr.sessionID}-replay`;
      replayed.hdr.msgID = '1';
      probe.session();
      const again = await probe.send(replayed);
      assertChallenge(again, 401, md5Type);
      // The client that owns the password answers the fresh challenge and gets in.
      assertAccepted(await probe.attempt({ type: 'md5', ...alice, nonce: again.chal?.meta.nextNonce ?? '' }));
    });
  });
}

describe('policy and credential details', () => {
  test('the wrong type, then the required type with the nonce of the challenge, in one session', async () => {
    const { probe } = setup('md5');
    const first = await probe.attempt({ type: 'basic', ...alice });
    assertChallenge(first, 401, md5Type);
    assertAccepted(await probe.attempt({ type: 'md5', ...alice, nonce: first.chal?.meta.nextNonce ?? '' }));
  });

  test('basic only: an MD5 client challenged for basic gets in with basic', async () => {
    const { probe } = setup('basic');
    assertChallenge(await probe.attempt({ type: 'md5', ...alice, nonce: '' }), 401, basicType);
    assertAccepted(await probe.attempt({ type: 'basic', ...alice }));
  });

  test('a nonce issued by one gateway instance is accepted by another (nonces live in the state store)', async () => {
    const one = setup('md5');
    const two = one.h.restart();
    const challenge = await one.probe.attempt({ type: 'none' });
    const nonce = challenge.chal?.meta.nextNonce ?? '';
    assert.ok([...one.h.state.data.keys()].some((k) => k === `auth-nonce:${one.probe.deviceId}`));
    const other = new AuthProbe(two.process, one.probe.deviceId);
    assertAccepted(await other.attempt({ type: 'md5', ...alice, nonce }));
  });

  test('an unknown credential type or an MD5 Cred without a user name (LocName) is challenged', async () => {
    const { probe } = setup('basic-or-md5');
    assertChallenge(await probe.attempt({ type: 'raw', cred: { meta: { type: 'syncml:auth-X509' }, data: 'abc' } }), 401, md5Type);
    probe.session();
    assertChallenge(await probe.attempt({ type: 'raw', cred: { meta: { type: md5Type, format: 'b64' }, data: Buffer.alloc(16).toString('base64') } }), 401, md5Type);
    probe.session();
    assertChallenge(await probe.attempt({ type: 'raw', cred: { meta: { type: basicType, format: 'b64' }, data: Buffer.from('no-colon').toString('base64') } }), 401, md5Type);
  });

  test('MD5 needs the password in clear: a user known only by a hash, or not at all, is refused', async () => {
    const passwords = new MemoryPasswords({ [alice.user]: alice.password }, ['hashed@example.com']);
    const h = engineHarness({}, undefined, { auth: { ...defaultAuthSettings, policy: 'md5' }, passwords });
    for (const user of ['hashed@example.com', 'nobody@example.com']) {
      const probe = new AuthProbe(h.process, `IMEI:${user}`);
      const nonce = (await probe.attempt({ type: 'none' })).chal?.meta.nextNonce ?? '';
      assertRejected(await probe.attempt({ type: 'md5', user, password: 'whatever', nonce }));
    }
  });

  test("a digest computed for another user's name does not pass", async () => {
    const passwords = new MemoryPasswords({ [alice.user]: alice.password, 'bob@example.com': alice.password });
    const h = engineHarness({}, undefined, { auth: { ...defaultAuthSettings, policy: 'md5' }, passwords });
    const probe = new AuthProbe(h.process, 'IMEI:other-name');
    const nonce = (await probe.attempt({ type: 'none' })).chal?.meta.nextNonce ?? '';
    const message = probe.message({ type: 'md5', ...alice, nonce });
    message.hdr.source.locName = 'bob@example.com';
    assertRejected(await probe.send(message));
  });

  test('SyncML 1.0 uses MD5(user:password:nonce), and the 1.1 digest does not pass there', async () => {
    const passwords = new MemoryPasswords({ [alice.user]: alice.password });
    const h = engineHarness({}, undefined, { auth: { ...defaultAuthSettings, policy: 'md5' }, passwords });
    const v10 = new AuthProbe(h.process, 'IMEI:syncml10', '1.0');
    const nonce = (await v10.attempt({ type: 'none' })).chal?.meta.nextNonce ?? '';
    assertAccepted(await v10.attempt({ type: 'md5', ...alice, nonce }));
    const wrongFormula = new AuthProbe(h.process, 'IMEI:syncml10-b', '1.0');
    const n2 = (await wrongFormula.attempt({ type: 'none' })).chal?.meta.nextNonce ?? '';
    const message = wrongFormula.message({ type: 'md5', ...alice, nonce: n2 });
    const v11 = new AuthProbe(h.process, 'IMEI:unused', '1.1').message({ type: 'md5', ...alice, nonce: n2 });
    message.hdr.cred = v11.hdr.cred;
    assertRejected(await wrongFormula.send(message));
  });

  test('a backend that does not answer gives 503, not a failed login', async () => {
    const h = engineHarness({}, undefined, { passwords: { lookup: async () => ({ kind: 'unavailable' }) }, auth: { ...defaultAuthSettings, policy: 'md5' } });
    const probe = new AuthProbe(h.process, 'IMEI:unavailable');
    const nonce = (await probe.attempt({ type: 'none' })).chal?.meta.nextNonce ?? '';
    const answer = await probe.attempt({ type: 'md5', ...alice, nonce });
    assert.equal(answer.status, 503);
  });

  test('the engine refuses an MD5 policy without a password source when it is made, before any session', () => {
    assert.throws(() => engineHarness({}, undefined, { auth: { ...defaultAuthSettings, policy: 'md5' } }), /needs a credential source/);
  });
});
