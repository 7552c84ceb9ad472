// The byte level of WBXML: a bounds-checked reading cursor and a growable output buffer, with
// mb_u_int32 (WAP-192-WBXML section 5.1) and NUL-terminated strings. Every length is checked
// against the bytes actually there before anything is sliced, so no length field can make the
// reader allocate or loop beyond its input.
import { CodecError } from './limits.ts';

/** mb_u_int32 carries at most 32 bits: five bytes of seven bits (section 5.1). */
const MAX_MB_BYTES = 5;
const MAX_UINT32 = 0xffff_ffff;

/** Reads a WBXML document front to back; every read past the end throws `truncated`. */
export class ByteCursor {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.bytes.length;
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
    const start = this.pos;
    let value = 0;
    for (let i = 0; i < MAX_MB_BYTES; i++) {
      const b = this.byte(what);
      value = value * 128 + (b & 0x7f);
      if (value > MAX_UINT32) throw new CodecError('malformed', `${what} at offset ${start} overflows 32 bits`);
      if ((b & 0x80) === 0) return value;
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
}

/** Appends bytes to a buffer that doubles as needed. */
export class ByteWriter {
  private buffer = new Uint8Array(1024);
  private length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buffer[this.length++] = b;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  /** An mb_u_int32: seven bits a byte, most significant first, bit 7 set on all but the last. */
  mbUInt32(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > MAX_UINT32) throw new RangeError(`not a uint32: ${value}`);
    const groups = [value % 128];
    for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) groups.unshift((v % 128) | 0x80);
    for (const g of groups) this.byte(g);
  }

  /** The bytes written so far (a copy of exactly that length). */
  result(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
