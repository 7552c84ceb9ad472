// Configuration from the environment: defaults, and one clear line per problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../gateway/config.ts';

const required = { SYNCML_IMAP_URL: 'imap://127.0.0.1:14143', SYNCML_DAV_URL: 'http://127.0.0.1:15232/' };

test('defaults', () => {
  const c = loadConfig(required);
  assert.equal(c.port, 8080);
  assert.equal(c.path, '/syncml');
  assert.equal(c.state, './var/state');
  assert.equal(c.sessionKey, undefined);
  assert.equal(c.trustProxy, false);
});

test('every problem is named', () => {
  assert.throws(
    () => loadConfig({ SYNCML_IMAP_URL: 'http://x', SYNCML_PORT: 'abc', SYNCML_SESSION_KEY: 'short' }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      for (const name of ['SYNCML_IMAP_URL', 'SYNCML_DAV_URL', 'SYNCML_PORT', 'SYNCML_SESSION_KEY']) assert.match(error.message, new RegExp(name));
      return true;
    },
  );
});

test('redis state, TLS IMAP and a session key are taken', () => {
  const c = loadConfig({ ...required, SYNCML_IMAP_URL: 'imaps://mail.example.net:993', SYNCML_STATE: 'redis://127.0.0.1:6379', SYNCML_SESSION_KEY: 'ab'.repeat(32), SYNCML_TRUST_PROXY: '1' });
  assert.equal(c.state, 'redis://127.0.0.1:6379');
  assert.equal(c.sessionKey?.length, 32);
  assert.equal(c.trustProxy, true);
});
