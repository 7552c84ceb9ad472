// The byte level of WBXML: a bounds-checked reading cursor and a growable output buffer, with
// mb_u_int32 (WAP-192-WBXML section 5.1) and NUL-terminated strings. Every length is checked
// against the bytes actually there before anything is sliced, so no length field can make the
// reader allocate or loop beyond its input.
//
// Speed: these run once per token, so they avoid allocation on the common paths: strings are
// scanned and decoded in place (ASCII without TextDecoder), the writer appends into one
// reusable buffer and encodes strings straight into it.
import { CodecError } from './limits.ts';

/** mb_u_int32 carries at most 32 bits: five bytes of seven bits (section 5.1). */
const MAX_MB_BYTES = 5;
const MAX_UINT32 = 0xffff_ffff;

/** Reads a WBXML document front to back; every read past the end throws `truncated`. */
export class ByteCursor {
  private pos = 0;
  /** The same bytes as a Buffer (a view, no copy), for its fast latin1 slicing. */
  private readonly view: Buffer;

  constructor(private readonly bytes: Uint8Array) {
    this.view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** The next byte, consumed, or -1 at the end (the caller reports what it expected). */
  next(): number {
    const b = this.bytes[this.pos];
    if (b === undefined) return -1;
    this.pos += 1;
    return b;
  }

  /** The next byte, consumed. `what` names the expected token in the error. */
  byte(what: string): number {
    const b = this.bytes[this.pos];
    if (b === undefined) throw new CodecError('truncated', `WBXML ends where ${what} was expected (offset ${this.pos})`);
    this.pos += 1;
    return b;
  }

  /** The next byte without consuming it, or undefined at the end. */
  peek(): number | undefined {
    return this.bytes[this.pos];
  }

  /** An mb_u_int32; more than five bytes or a value over 32 bits is `malformed`. */
  mbUInt32(what: string): number {
    const b = this.bytes[this.pos];
    if (b !== undefined && b < 0x80) {
      this.pos += 1; // one byte: nearly every length and offset in SyncML
      return b;
    }
    const start = this.pos;
    let value = 0;
    for (let i = 0; i < MAX_MB_BYTES; i++) {
      const c = this.byte(what);
      value = value * 128 + (c & 0x7f);
      if (value > MAX_UINT32) throw new CodecError('malformed', `${what} at offset ${start} overflows 32 bits`);
      if ((c & 0x80) === 0) return value;
    }
    throw new CodecError('malformed', `${what} at offset ${start} is longer than ${MAX_MB_BYTES} bytes`);
  }

  /** `length` bytes (a view, not a copy); `truncated` if fewer remain. */
  take(length: number, what: string): Uint8Array {
    if (length > this.remaining) {
      throw new CodecError('truncated', `${what} of ${length} bytes at offset ${this.pos} runs past the end (${this.remaining} left)`);
    }
    const view = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return view;
  }

  /** The bytes up to the next NUL (consumed, NUL excluded); `truncated` when there is none. */
  terminated(what: string): Uint8Array {
    const end = this.bytes.indexOf(0, this.pos);
    if (end < 0) throw new CodecError('truncated', `${what} at offset ${this.pos} has no terminating NUL`);
    const view = this.bytes.subarray(this.pos, end);
    this.pos = end + 1;
    return view;
  }

  /**
   * The string up to the next NUL (consumed, NUL excluded); `truncated` when there is none.
   * ASCII is decoded here (the same characters in UTF-8, US-ASCII and ISO-8859-1); any other
   * byte sends the whole string through `decode`, the document's strict decoder.
   */
  terminatedString(what: string, decode: (bytes: Uint8Array, what: string) => string): string {
    const bytes = this.bytes;
    const start = this.pos;
    const length = bytes.length;
    let high = 0;
    let hash = 0;
    let end = start;
    for (; end < length; end++) {
      const b = bytes[end] as number;
      if (b === 0) break;
      high |= b;
      hash = (hash * 31 + b) | 0;
    }
    if (end >= length) throw new CodecError('truncated', `${what} at offset ${start} has no terminating NUL`);
    this.pos = end + 1;
    if (high >= 0x80) return decode(bytes.subarray(start, end), what);
    const n = end - start;
    if (n > SHORT_STRING) return this.view.toString('latin1', start, end);
    return shortAscii(bytes, start, n, hash);
  }
}

/**
 * Short ASCII strings repeat from element to element and message to message (CmdIDs, status
 * codes, types, URIs): one table of recent ones, by hash, saves creating them again. Bounded:
 * SHORT_STRINGS slots of at most SHORT_STRING characters.
 */
const SHORT_STRING = 24;
const SHORT_STRINGS = 4096;
const shortStrings: (string | undefined)[] = new Array<string | undefined>(SHORT_STRINGS).fill(undefined);

function shortAscii(bytes: Uint8Array, start: number, n: number, hash: number): string {
  const slot = (hash ^ (hash >>> 12)) & (SHORT_STRINGS - 1);
  const cached = shortStrings[slot];
  if (cached !== undefined && cached.length === n) {
    let i = 0;
    while (i < n && cached.charCodeAt(i) === bytes[start + i]) i++;
    if (i === n) return cached;
  }
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(bytes[start + i] as number);
  shortStrings[slot] = s;
  return s;
}

/** Bytes of `value` as an mb_u_int32. */
export function mbUInt32Length(value: number): number {
  let n = 1;
  for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) n++;
  return n;
}

/** Appends bytes to a buffer that doubles as needed. */
export class ByteWriter {
  private buf: Buffer;
  private length = 0;

  /** `scratch`: a buffer to start with (contents ignored), so that callers can reuse one. */
  constructor(scratch?: Buffer) {
    this.buf = scratch ?? Buffer.allocUnsafe(1024);
  }

  /** The buffer written into (grown as needed), for reuse by the next writer. */
  get buffer(): Buffer {
    return this.buf;
  }

  /** Bytes written so far. */
  get size(): number {
    return this.length;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }

  byte(b: number): void {
    if (this.length >= this.buf.length) this.reserve(1);
    this.buf[this.length++] = b;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  /** `text` in UTF-8 (a lone surrogate becomes U+FFFD, as TextEncoder writes it). */
  utf8(text: string): void {
    const n = text.length;
    this.reserve(n * 3); // one UTF-16 unit is at most three UTF-8 bytes
    if (n < 16) {
      const buf = this.buf;
      let at = this.length;
      let i = 0;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) break;
        buf[at++] = c;
      }
      if (i === n) {
        this.length = at;
        return;
      }
    }
    this.length += this.buf.write(text, this.length, 'utf8');
  }

  /** An mb_u_int32: seven bits a byte, most significant first, bit 7 set on all but the last. */
  mbUInt32(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > MAX_UINT32) throw new RangeError(`not a uint32: ${value}`);
    if (value < 0x80) return this.byte(value);
    const n = mbUInt32Length(value);
    this.reserve(n);
    let v = value;
    for (let i = n - 1; i >= 0; i--) {
      this.buf[this.length + i] = (v % 128) | (i === n - 1 ? 0 : 0x80);
      v = Math.floor(v / 128);
    }
    this.length += n;
  }

  /**
   * Writes what `body` writes, preceded by its length as an mb_u_int32 (OPAQUE content built
   * in place): the body goes first, then moves up by the size of the length field.
   */
  lengthPrefixed(body: () => void): void {
    const start = this.length;
    body();
    const length = this.length - start;
    const field = mbUInt32Length(length);
    this.reserve(field);
    this.buf.copyWithin(start + field, start, start + length);
    this.length = start;
    this.mbUInt32(length);
    this.length = start + field + length;
  }

  /** The bytes written so far (a copy of exactly that length). */
  result(): Uint8Array {
    const out = new Uint8Array(this.length);
    out.set(this.buf.subarray(0, this.length));
    return out;
  }
}
