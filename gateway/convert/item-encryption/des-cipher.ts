// DES and triple DES (EDE) in ECB mode with PKCS#5 padding, in plain TypeScript: Node 20 links
// OpenSSL 3, whose single DES lives in the legacy provider that Node does not load, so
// `createCipheriv('des-ecb')` fails ("unsupported"). Built from the FIPS 46-3 tables; the
// S-boxes and P are folded into eight 64-entry tables, IP and its inverse into byte lookups.
import { IP, P, PC1, PC2, SBOXES, SHIFTS } from './des-tables.ts';

/** Thrown for a ciphertext that cannot be a DES/PKCS#5 one (wrong length or padding). */
export class CipherError extends Error {
  override readonly name = 'CipherError';
  constructor(
    readonly reason: 'bad-length' | 'bad-padding',
    message: string,
  ) {
    super(message);
  }
}

type Permutation64 = Uint32Array; // [byte 0..7][value 0..255] -> (hi, lo) pairs

/** Byte-wise lookup for a 64-bit permutation: output = OR over the 8 input bytes. */
function permutation64(table: readonly number[]): Permutation64 {
  const out = new Uint32Array(8 * 256 * 2);
  table.forEach((from, to) => {
    const src = from - 1;
    const byte = src >> 3;
    const bit = 7 - (src & 7);
    for (let value = 0; value < 256; value++) {
      if (((value >> bit) & 1) === 0) continue;
      const slot = (byte * 256 + value) * 2 + (to < 32 ? 0 : 1);
      out[slot] = (out[slot]! | (1 << (31 - (to & 31)))) >>> 0;
    }
  });
  return out;
}

function inverse(table: readonly number[]): number[] {
  const inv = new Array<number>(table.length);
  table.forEach((from, to) => {
    inv[from - 1] = to + 1;
  });
  return inv;
}

const initial = permutation64(IP);
const final = permutation64(inverse(IP));

/** SP[s][x]: P applied to S-box s's output for the 6-bit input x, in its place of the 32 bits. */
const SP: Uint32Array[] = SBOXES.map((box, s) => {
  const table = new Uint32Array(64);
  for (let x = 0; x < 64; x++) {
    const row = ((x >> 4) & 2) | (x & 1);
    const column = (x >> 1) & 0xf;
    const placed = box[row * 16 + column]! << (28 - 4 * s);
    let permuted = 0;
    P.forEach((from, to) => {
      if ((placed >>> (32 - from)) & 1) permuted |= 1 << (31 - to);
    });
    table[x] = permuted >>> 0;
  }
  return table;
});

/** The 16 round keys of an 8-byte key, each as eight 6-bit groups (one per S-box). */
export function keySchedule(key: Uint8Array): Uint8Array {
  if (key.length !== 8) throw new RangeError('a DES key is 8 bytes');
  const bit = (n: number): number => (key[(n - 1) >> 3]! >> (7 - ((n - 1) & 7))) & 1;
  const cd = PC1.map(bit);
  const c = cd.slice(0, 28);
  const d = cd.slice(28);
  const schedule = new Uint8Array(16 * 8);
  SHIFTS.forEach((shift, round) => {
    c.push(...c.splice(0, shift));
    d.push(...d.splice(0, shift));
    const both = [...c, ...d];
    PC2.forEach((from, to) => {
      schedule[round * 8 + Math.floor(to / 6)]! |= both[from - 1]! << (5 - (to % 6));
    });
  });
  return schedule;
}

function permute(table: Permutation64, hi: number, lo: number): [number, number] {
  let h = 0;
  let l = 0;
  for (let i = 0; i < 8; i++) {
    const value = i < 4 ? (hi >>> (24 - 8 * i)) & 0xff : (lo >>> (56 - 8 * i)) & 0xff;
    const slot = (i * 256 + value) * 2;
    h |= table[slot]!;
    l |= table[slot + 1]!;
  }
  return [h >>> 0, l >>> 0];
}

/** The round function f(R, K): E expansion by rotation, S-boxes and P through SP. */
function feistel(r: number, schedule: Uint8Array, round: number): number {
  const rotated = ((r >>> 1) | (r << 31)) >>> 0; // bit 32 first: E's groups are 4-bit steps of it
  let out = 0;
  for (let s = 0; s < 8; s++) {
    const group = s === 0 ? rotated >>> 26 : (((rotated << (4 * s)) | (rotated >>> (32 - 4 * s))) >>> 26) & 0x3f;
    out ^= SP[s]![group ^ schedule[round * 8 + s]!]!;
  }
  return out >>> 0;
}

/** One block in place at `offset`; `decrypt` runs the round keys backwards. */
function block(data: Uint8Array, offset: number, schedule: Uint8Array, decrypt: boolean): void {
  const view = new DataView(data.buffer, data.byteOffset + offset, 8);
  let [l, r] = permute(initial, view.getUint32(0), view.getUint32(4));
  for (let i = 0; i < 16; i++) {
    const next = (l ^ feistel(r, schedule, decrypt ? 15 - i : i)) >>> 0;
    l = r;
    r = next;
  }
  const [hi, lo] = permute(final, r, l);
  view.setUint32(0, hi);
  view.setUint32(4, lo);
}

/** A cipher over 8-byte blocks: DES, or three DES keys as encrypt-decrypt-encrypt. */
export interface BlockCipher {
  encryptBlock(data: Uint8Array, offset: number): void;
  decryptBlock(data: Uint8Array, offset: number): void;
}

export function des(key: Uint8Array): BlockCipher {
  const k = keySchedule(key);
  return {
    encryptBlock: (data, offset) => block(data, offset, k, false),
    decryptBlock: (data, offset) => block(data, offset, k, true),
  };
}

/** Triple DES, EDE with a 24-byte key K1 K2 K3 (ANSI X9.52 keying option 1, or 2 when K3 = K1). */
export function tripleDes(key: Uint8Array): BlockCipher {
  if (key.length !== 24) throw new RangeError('a triple DES key is 24 bytes');
  const [k1, k2, k3] = [0, 8, 16].map((at) => keySchedule(key.subarray(at, at + 8))) as [Uint8Array, Uint8Array, Uint8Array];
  return {
    encryptBlock(data, offset) {
      block(data, offset, k1, false);
      block(data, offset, k2, true);
      block(data, offset, k3, false);
    },
    decryptBlock(data, offset) {
      block(data, offset, k3, true);
      block(data, offset, k2, false);
      block(data, offset, k1, true);
    },
  };
}

/** ECB encryption with PKCS#5 padding (1 to 8 bytes, each the pad length): always a new buffer. */
export function ecbEncrypt(cipher: BlockCipher, plain: Uint8Array): Uint8Array {
  const pad = 8 - (plain.length % 8);
  const out = new Uint8Array(plain.length + pad);
  out.set(plain);
  out.fill(pad, plain.length);
  for (let offset = 0; offset < out.length; offset += 8) cipher.encryptBlock(out, offset);
  return out;
}

/**
 * ECB decryption, checking and removing the PKCS#5 padding.
 * @throws CipherError when the length is no multiple of 8 or the padding is wrong (most often: another key).
 */
export function ecbDecrypt(cipher: BlockCipher, encrypted: Uint8Array): Uint8Array {
  if (encrypted.length === 0 || encrypted.length % 8 !== 0) {
    throw new CipherError('bad-length', `ciphertext of ${encrypted.length} bytes is not a whole number of 8-byte blocks`);
  }
  const out = Uint8Array.from(encrypted);
  for (let offset = 0; offset < out.length; offset += 8) cipher.decryptBlock(out, offset);
  const pad = out[out.length - 1]!;
  if (pad < 1 || pad > 8 || out.subarray(out.length - pad).some((b) => b !== pad)) {
    throw new CipherError('bad-padding', 'wrong PKCS#5 padding after decryption (wrong key?)');
  }
  return out.subarray(0, out.length - pad);
}
