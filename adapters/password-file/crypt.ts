// The crypt(3) hashes found in passwd and htpasswd files that node:crypto can compute:
// MD5-crypt (`$1$`, Apache `$apr1$`, after PHK's md5crypt.c) and SHA-crypt (`$5$`, `$6$`,
// after Drepper's "Unix crypt using SHA-256 and SHA-512"). bcrypt and DES crypt are not here.
import { createHash } from 'node:crypto';

const alphabet = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** crypt's base64: `chars` characters of the 24-bit group (b2 b1 b0), low bits first. */
function to64(b2: number, b1: number, b0: number, chars: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < chars; i++) {
    out += alphabet[w & 0x3f];
    w >>= 6;
  }
  return out;
}

const md5 = (...parts: Buffer[]): Buffer => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** MD5-crypt: `$1$salt$hash` or `$apr1$salt$hash`. */
export function md5Crypt(password: string, setting: string): string | undefined {
  const match = /^(\$1\$|\$apr1\$)([^$]{0,8})/.exec(setting);
  if (match === null) return undefined;
  const magic = match[1] ?? '';
  const salt = Buffer.from(match[2] ?? '', 'utf8');
  const pw = Buffer.from(password, 'utf8');
  let final = md5(pw, salt, pw);
  const ctx = createHash('md5');
  ctx.update(pw);
  ctx.update(Buffer.from(magic, 'utf8'));
  ctx.update(salt);
  for (let left = pw.length; left > 0; left -= 16) ctx.update(final.subarray(0, Math.min(left, 16)));
  for (let i = pw.length; i > 0; i >>= 1) ctx.update(i & 1 ? Buffer.from([0]) : pw.subarray(0, 1));
  final = ctx.digest();
  for (let i = 0; i < 1000; i++) {
    const round = createHash('md5');
    round.update(i & 1 ? pw : final);
    if (i % 3) round.update(salt);
    if (i % 7) round.update(pw);
    round.update(i & 1 ? final : pw);
    final = round.digest();
  }
  const f = (i: number): number => final[i] ?? 0;
  const hash =
    to64(f(0), f(6), f(12), 4) + to64(f(1), f(7), f(13), 4) + to64(f(2), f(8), f(14), 4) +
    to64(f(3), f(9), f(15), 4) + to64(f(4), f(10), f(5), 4) + to64(0, 0, f(11), 2);
  return `${magic}${salt.toString('utf8')}$${hash}`;
}

const sha512Order: Array<[number, number, number]> = [
  [0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48],
  [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13],
  [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
];
const sha256Order: Array<[number, number, number]> = [
  [0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26],
  [27, 7, 17], [18, 28, 8], [9, 19, 29],
];

/** Repeats `block` to exactly `length` bytes. */
function stretch(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += block.length) block.copy(out, i, 0, Math.min(block.length, length - i));
  return out;
}

/** SHA-crypt: `$5$[rounds=N$]salt$hash` (SHA-256) or `$6$...` (SHA-512). */
export function shaCrypt(password: string, setting: string): string | undefined {
  const match = /^\$([56])\$(?:rounds=(\d+)\$)?([^$]{0,16})/.exec(setting);
  if (match === null) return undefined;
  const algorithm = match[1] === '5' ? 'sha256' : 'sha512';
  const size = algorithm === 'sha256' ? 32 : 64;
  const rounds = match[2] === undefined ? 5000 : Math.min(999_999_999, Math.max(1000, Number(match[2])));
  const salt = Buffer.from(match[3] ?? '', 'utf8');
  const pw = Buffer.from(password, 'utf8');
  const hash = (...parts: Buffer[]): Buffer => {
    const h = createHash(algorithm);
    for (const p of parts) h.update(p);
    return h.digest();
  };
  const b = hash(pw, salt, pw);
  const a = createHash(algorithm);
  a.update(pw);
  a.update(salt);
  a.update(stretch(b, pw.length));
  for (let i = pw.length; i > 0; i >>= 1) a.update(i & 1 ? b : pw);
  let c = a.digest();
  const dp = createHash(algorithm);
  for (let i = 0; i < pw.length; i++) dp.update(pw);
  const p = stretch(dp.digest(), pw.length);
  const ds = createHash(algorithm);
  for (let i = 0; i < 16 + (c[0] ?? 0); i++) ds.update(salt);
  const s = stretch(ds.digest(), salt.length);
  for (let r = 0; r < rounds; r++) {
    const round = createHash(algorithm);
    round.update(r & 1 ? p : c);
    if (r % 3) round.update(s);
    if (r % 7) round.update(p);
    round.update(r & 1 ? c : p);
    c = round.digest();
  }
  const x = (i: number): number => c[i] ?? 0;
  let out = '';
  for (const [i, j, k] of size === 64 ? sha512Order : sha256Order) out += to64(x(i), x(j), x(k), 4);
  out += size === 64 ? to64(0, 0, x(63), 2) : to64(0, x(31), x(30), 3);
  const roundsPart = match[2] === undefined ? '' : `rounds=${rounds}$`;
  return `$${match[1]}$${roundsPart}${salt.toString('utf8')}$${out}`;
}

/** The crypt(3) string for `password` with the salt and parameters of `stored`, when supported. */
export function crypt(password: string, stored: string): string | undefined {
  if (stored.startsWith('$1$') || stored.startsWith('$apr1$')) return md5Crypt(password, stored);
  if (stored.startsWith('$5$') || stored.startsWith('$6$')) return shaCrypt(password, stored);
  return undefined;
}
