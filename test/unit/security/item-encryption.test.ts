// DES / 3DES item encryption (SPEC item 10): our cipher against the openssl CLI run now, against
// vectors openssl made earlier (des-vectors.json), and against Node's own triple DES.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  decryptItem, decryptItemBytes, encryptItem, isEncryptedFormat, ItemEncryptionError, transformationsOf,
} from '../../../gateway/convert/item-encryption/index.ts';
import { des, ecbDecrypt, ecbEncrypt, tripleDes } from '../../../gateway/convert/item-encryption/des-cipher.ts';
import { SBOXES } from '../../../gateway/convert/item-encryption/des-tables.ts';

const VCARD = 'BEGIN:VCARD\r\nVERSION:2.1\r\nN:Müller;Zoë\r\nFN:Zoë Müller\r\nNOTE:東京 — ☎\r\nEND:VCARD\r\n';
const PLAINS = ['', 'A', 'seven!!', 'eight!!!', 'sixteen bytes!!!', 'x'.repeat(1000), VCARD];
const PASSWORDS = ['alice-secret', 'pässwörd ✓', ''];

function keyHex(format: 'des' | '3des', password: string): string {
  const md5 = createHash('md5').update(password, 'utf8').digest();
  return (format === 'des' ? md5.subarray(0, 8) : Buffer.concat([md5, md5.subarray(0, 8)])).toString('hex');
}

/** openssl enc for a cipher, trying the legacy provider when DES needs it (OpenSSL 3). */
function openssl(cipher: 'des' | '3des', key: string, input: Buffer, decrypt = false): Buffer | undefined {
  const base = ['enc', cipher === 'des' ? '-des-ecb' : '-des-ede3', '-K', key, '-nosalt', ...(decrypt ? ['-d'] : [])];
  for (const providers of [[], ['-provider', 'legacy', '-provider', 'default']]) {
    const run = spawnSync('openssl', [...base, ...providers], { input });
    if (run.error === undefined && run.status === 0) return run.stdout;
  }
  return undefined;
}

const opensslHas = (cipher: 'des' | '3des'): boolean => openssl(cipher, keyHex(cipher, 'probe'), Buffer.from('probe')) !== undefined;

test('DES known answer (FIPS 46 worked example) and S-boxes are permutations', () => {
  const block = Buffer.from('0123456789abcdef', 'hex');
  const cipher = des(Buffer.from('133457799bbcdff1', 'hex'));
  cipher.encryptBlock(block, 0);
  assert.equal(block.toString('hex'), '85e813540f0ab405');
  cipher.decryptBlock(block, 0);
  assert.equal(block.toString('hex'), '0123456789abcdef');
  for (const box of SBOXES) {
    for (let row = 0; row < 4; row++) assert.deepEqual([...box.slice(row * 16, row * 16 + 16)].sort((a, b) => a - b), [...Array(16).keys()]);
  }
});

for (const cipher of ['des', '3des'] as const) {
  test(`${cipher};b64 against the openssl CLI, both directions, several lengths and non-ASCII text`, (t) => {
    if (!opensslHas(cipher)) {
      t.skip(`openssl CLI without ${cipher} here; des-vectors.json still checks recorded vectors`);
      return;
    }
    for (const password of PASSWORDS) {
      const key = keyHex(cipher, password);
      for (const plain of PLAINS) {
        const theirs = openssl(cipher, key, Buffer.from(plain, 'utf8'))!.toString('base64');
        const label = `${cipher} ${JSON.stringify(password)} ${plain.length} chars`;
        assert.equal(decryptItem(theirs, `${cipher};b64`, password), plain, `decrypt ${label}`);
        const ours = encryptItem(plain, `${cipher};b64`, password);
        assert.equal(ours, theirs, `encrypt ${label}`); // ECB is deterministic: byte-identical
        assert.equal(openssl(cipher, key, Buffer.from(ours, 'base64'), true)!.toString('utf8'), plain, `openssl -d ${label}`);
      }
    }
  });
}

test('vectors recorded with openssl (des-vectors.json) decode and encode', () => {
  const file = JSON.parse(readFileSync(new URL('./des-vectors.json', import.meta.url), 'utf8')) as {
    vectors: Array<{ password: string; format: string; plain: string; data: string }>;
  };
  assert.ok(file.vectors.length >= 20);
  for (const v of file.vectors) {
    assert.equal(decryptItem(v.data, v.format, v.password), v.plain, `${v.format} ${v.plain.length}`);
    assert.equal(encryptItem(v.plain, v.format, v.password), v.data, `${v.format} ${v.plain.length}`);
  }
});

test('single DES equals Node triple DES with K1 = K2 = K3, and 3DES equals Node des-ede3 (random keys)', () => {
  for (let i = 0; i < 200; i++) {
    const key = randomBytes(24);
    const plain = randomBytes(i % 41);
    const node = (k: Buffer): string => {
      const c = createCipheriv('des-ede3', k, null);
      return Buffer.concat([c.update(plain), c.final()]).toString('hex');
    };
    const k1 = key.subarray(0, 8);
    assert.equal(Buffer.from(ecbEncrypt(des(k1), plain)).toString('hex'), node(Buffer.concat([k1, k1, k1])));
    const triple = ecbEncrypt(tripleDes(key), plain);
    assert.equal(Buffer.from(triple).toString('hex'), node(key));
    assert.deepEqual(Buffer.from(ecbDecrypt(tripleDes(key), triple)), plain);
  }
});

test('Format lists: case, spaces, a leading content token, b64 alone, none', () => {
  const data = encryptItem(VCARD, 'des;b64', 'pw');
  assert.equal(decryptItem(data, 'DES;B64', 'pw'), VCARD);
  assert.equal(decryptItem(data, ' des ; b64 ', 'pw'), VCARD);
  assert.equal(decryptItem(data, 'textplain;des;b64', 'pw'), VCARD); // Funambol's own example
  assert.equal(decryptItem(Buffer.from(VCARD).toString('base64'), 'b64', 'pw'), VCARD);
  assert.equal(decryptItem(VCARD, undefined, 'pw'), VCARD);
  assert.equal(decryptItem(VCARD, 'chr', 'pw'), VCARD);
  assert.equal(encryptItem(VCARD, undefined, 'pw'), VCARD);
  assert.deepEqual(transformationsOf('3des;b64'), ['3des', 'b64']);
  assert.equal(isEncryptedFormat('des;b64'), true);
  assert.equal(isEncryptedFormat('3DES;b64'), true);
  assert.equal(isEncryptedFormat('b64'), false);
  assert.equal(isEncryptedFormat(undefined), false);
  // base64 wrapped at 76 columns, as MIME encoders write it
  const long = encryptItem('y'.repeat(300), '3des;b64', 'pw');
  assert.equal(decryptItem(long.replace(/(.{76})/g, '$1\r\n'), '3des;b64', 'pw'), 'y'.repeat(300));
});

function refused(fn: () => unknown, reason: string): void {
  assert.throws(fn, (e: unknown) => e instanceof ItemEncryptionError && e.reason === reason, reason);
}

test('refused: raw ciphertext formats, unknown tokens between, bad base64, wrong key, truncated data', () => {
  refused(() => decryptItem('AAAA', 'b64;des', 'pw'), 'unsupported-format');
  refused(() => decryptItem('AAAA', 'des', 'pw'), 'unsupported-format');
  refused(() => decryptItem('AAAA', 'des;gzip;b64', 'pw'), 'unsupported-format');
  refused(() => encryptItem('x', 'b64;3des', 'pw'), 'unsupported-format');
  refused(() => decryptItem('not base64!', 'des;b64', 'pw'), 'bad-base64');
  refused(() => decryptItem('AAAAA', 'des;b64', 'pw'), 'bad-base64');
  refused(() => decryptItem('Zoë', 'des;b64', 'pw'), 'bad-base64');
  refused(() => decryptItem('', 'des;b64', 'pw'), 'bad-length');
  const data = encryptItem(VCARD, 'des;b64', 'right');
  refused(() => decryptItem(Buffer.from(data, 'base64').subarray(0, 20).toString('base64'), 'des;b64', 'right'), 'bad-length');
  assert.throws(() => decryptItem(data, 'des;b64', 'wrong'), (e: unknown) => e instanceof ItemEncryptionError && ['bad-padding', 'not-utf8'].includes(e.reason));
  assert.throws(() => decryptItem(data, '3des;b64', 'right'), ItemEncryptionError);
});

test('decryptItemBytes keeps legacy-charset bytes that are not UTF-8', () => {
  const latin1 = Buffer.from('N:M\xfcller\r\n', 'latin1');
  const sent = Buffer.from(ecbEncrypt(des(Buffer.from(keyHex('des', 'pw'), 'hex')), latin1)).toString('base64');
  assert.deepEqual(Buffer.from(decryptItemBytes(sent, 'des;b64', 'pw')), latin1);
  refused(() => decryptItem(sent, 'des;b64', 'pw'), 'not-utf8');
});
