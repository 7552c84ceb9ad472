// Item Data encryption as Funambol clients and server do it (SPEC item 10): the item's Meta
// Format lists the transformations applied to its Data, leftmost first (`des;b64`: DES, then
// base64), so a reader undoes them from the right. Funambol's server (ds-server
// engine/transformer/DESEncoder.java, DataTransformerManager.java) and its Win32 and BlackBerry
// clients key DES with the first 8 bytes of MD5(UTF-8 password), DES/ECB/PKCS5Padding.
// Funambol has no 3DES transformer; `3des` here is two-key EDE from the same digest
// (K1 = MD5[0..8], K2 = MD5[8..16], K3 = K1), what OpenSSL's des-ede and .NET's TripleDES
// make of a 16-byte MD5 key.
import { createHash } from 'node:crypto';
import { CipherError, des, ecbDecrypt, ecbEncrypt, tripleDes, type BlockCipher } from './des-cipher.ts';

/** Why item data could not be transformed; the engine answers the item with 400 (415 for a format). */
export type ItemEncryptionErrorReason = 'unsupported-format' | 'bad-base64' | 'bad-length' | 'bad-padding' | 'not-utf8';

export class ItemEncryptionError extends Error {
  override readonly name = 'ItemEncryptionError';
  constructor(
    readonly reason: ItemEncryptionErrorReason,
    message: string,
  ) {
    super(message);
  }
}

type Transformation = 'b64' | 'des' | '3des';
const TRANSFORMATIONS: ReadonlySet<string> = new Set<Transformation>(['b64', 'des', '3des']);

/**
 * The transformations a Format names, in the order they were applied (leftmost first).
 * Tokens that are not transformations (`chr`, `bin`, Funambol's `textplain`) may only come
 * before them, as in Funambol. Encryption must be followed by b64: ciphertext is binary and
 * item Data here is text, so `b64;des` (raw ciphertext in XML) is refused.
 * @throws ItemEncryptionError `unsupported-format`.
 */
export function transformationsOf(format: string | undefined): Transformation[] {
  const tokens = (format ?? '').split(';').map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  const first = tokens.findIndex((t) => TRANSFORMATIONS.has(t));
  if (first < 0) return [];
  const chain = tokens.slice(first);
  const unknown = chain.find((t) => !TRANSFORMATIONS.has(t));
  if (unknown !== undefined) throw new ItemEncryptionError('unsupported-format', `item Format "${format}": "${unknown}" after a transformation`);
  chain.forEach((t, i) => {
    if (t !== 'b64' && chain[i + 1] !== 'b64') {
      throw new ItemEncryptionError('unsupported-format', `item Format "${format}": ${t} must be followed by b64`);
    }
  });
  return chain as Transformation[];
}

/** Whether a Format asks for DES or 3DES (so the password is needed to read the item). */
export function isEncryptedFormat(format: string | undefined): boolean {
  return /(^|;)\s*3?des\s*(;|$)/i.test(format ?? '');
}

function md5(password: string): Buffer {
  return createHash('md5').update(password, 'utf8').digest();
}

function cipherFor(t: 'des' | '3des', password: string): BlockCipher {
  const digest = md5(password);
  if (t === 'des') return des(digest.subarray(0, 8));
  return tripleDes(Buffer.concat([digest, digest.subarray(0, 8)]));
}

const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function fromBase64(text: string): Uint8Array {
  const compact = text.replace(/[\s]+/g, ''); // some encoders wrap lines
  if (!STRICT_BASE64.test(compact) || compact.length % 4 === 1) {
    throw new ItemEncryptionError('bad-base64', 'item Data is not base64');
  }
  return Buffer.from(compact, 'base64');
}

function undo(t: Transformation, data: Uint8Array, password: string): Uint8Array {
  if (t === 'b64') return fromBase64(Buffer.from(data).toString('latin1'));
  try {
    return ecbDecrypt(cipherFor(t, password), data);
  } catch (error) {
    if (error instanceof CipherError) throw new ItemEncryptionError(error.reason, `${t}: ${error.message}`);
    throw error;
  }
}

function apply(t: Transformation, data: Uint8Array, password: string): Uint8Array {
  if (t === 'b64') return Buffer.from(Buffer.from(data).toString('base64'), 'latin1');
  return ecbEncrypt(cipherFor(t, password), data);
}

/**
 * Undoes a Format's transformations on item Data and returns the bytes (for items in a
 * legacy charset). A Format without transformations returns the text's UTF-8 bytes.
 * @throws ItemEncryptionError
 */
export function decryptItemBytes(data: string, format: string | undefined, password: string): Uint8Array {
  const chain = transformationsOf(format);
  let bytes: Uint8Array = Buffer.from(data, chain.length === 0 ? 'utf8' : 'latin1');
  if (chain.length > 0 && /[^\x00-\xff]/.test(data)) throw new ItemEncryptionError('bad-base64', 'item Data is not base64');
  for (const t of chain.reverse()) bytes = undo(t, bytes, password);
  return bytes;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Item Data as sent with Meta Format `format` (`des;b64`, `3des;b64`, `b64`, none) -> the
 * plain text (UTF-8). `password` is the user's SyncML password.
 * @throws ItemEncryptionError on a malformed Format, bad base64, a wrong key (padding) or non-UTF-8 plain text.
 */
export function decryptItem(data: string, format: string | undefined, password: string): string {
  const bytes = decryptItemBytes(data, format, password);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ItemEncryptionError('not-utf8', 'decrypted item is not UTF-8 text (wrong key?)');
  }
}

/**
 * Plain text -> item Data for Meta Format `format` (its transformations applied left to right,
 * e.g. `des;b64`: DES/ECB/PKCS5 of the UTF-8 bytes, then base64 without line breaks).
 * @throws ItemEncryptionError on a malformed Format.
 */
export function encryptItem(plain: string, format: string | undefined, password: string): string {
  const chain = transformationsOf(format);
  let bytes: Uint8Array = Buffer.from(plain, 'utf8');
  for (const t of chain) bytes = apply(t, bytes, password);
  return Buffer.from(bytes).toString(chain.length === 0 ? 'utf8' : 'latin1');
}
