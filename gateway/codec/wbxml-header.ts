// The WBXML header (WAP-192-WBXML section 5.3): version, public identifier (a number, or zero
// and a string-table reference), charset (MIBenum) and string table, read and written.
import { CodecError } from './limits.ts';
import { ByteCursor, ByteWriter } from './wbxml-bytes.ts';
import { formalPublicId, numericPublicId, typeOfFormalId, typeOfNumericId, type DocumentType } from './wbxml-public-ids.ts';

/** WBXML 1.2, the version libsynthesis and libwbxml write for SyncML. */
const WBXML_1_2 = 0x02;
/** IANA MIBenum values (section 5.6). */
const MIB_UTF8 = 106;
const MIB_US_ASCII = 3;
const MIB_ISO_8859_1 = 4;
const MIB_UNKNOWN = 0;

/** How a writer names the document type. */
export type PublicIdForm = 'numeric' | 'string';

/** Decodes the strings of one document in its charset. */
export type TextDecoderFn = (bytes: Uint8Array, what: string) => string;

/** The string table (section 5.7), read by byte offset. */
export class StringTable {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly decode: TextDecoderFn,
  ) {}

  get length(): number {
    return this.bytes.length;
  }

  /**
   * The string starting at `offset`, up to its NUL. The end of the table also ends a string:
   * libsynthesis writes a textual public id without its NUL.
   */
  at(offset: number): string {
    if (offset >= this.bytes.length) {
      throw new CodecError('malformed', `string-table offset ${offset} is outside the table of ${this.bytes.length} bytes`);
    }
    const nul = this.bytes.indexOf(0, offset);
    return this.decode(this.bytes.subarray(offset, nul < 0 ? this.bytes.length : nul), `string-table entry ${offset}`);
  }
}

export interface WbxmlHeader {
  /** What the public identifier names; undefined when it is unknown or not SyncML/DevInf. */
  documentType: DocumentType | undefined;
  /** The public identifier as sent (number or FPI string), for error messages. */
  publicId: number | string;
  decode: TextDecoderFn;
  strings: StringTable;
}

function decoderFor(charset: number): TextDecoderFn {
  let decoder: TextDecoder;
  if (charset === MIB_UTF8 || charset === MIB_US_ASCII || charset === MIB_UNKNOWN) {
    decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  } else if (charset === MIB_ISO_8859_1) {
    decoder = new TextDecoder('latin1');
  } else {
    throw new CodecError('unsupported-encoding', `WBXML charset MIBenum ${charset} is not supported (UTF-8 or ISO-8859-1)`);
  }
  return (bytes, what) => {
    try {
      return decoder.decode(bytes);
    } catch {
      throw new CodecError('malformed', `${what} is not valid UTF-8`);
    }
  };
}

/** Reads the header; the cursor is left at the first body token. */
export function readHeader(cursor: ByteCursor): WbxmlHeader {
  const version = cursor.byte('the WBXML version');
  if (version < 0x01 || version > 0x03) {
    throw new CodecError('malformed', `WBXML version byte 0x${version.toString(16)} is not 1.1, 1.2 or 1.3`);
  }
  const numeric = cursor.mbUInt32('the public identifier');
  const index = numeric === 0 ? cursor.mbUInt32('the public identifier index') : undefined;
  const decode = decoderFor(cursor.mbUInt32('the charset'));
  const tableLength = cursor.mbUInt32('the string-table length');
  const strings = new StringTable(cursor.take(tableLength, 'the string table'), decode);
  if (index === undefined) return { documentType: typeOfNumericId(numeric), publicId: numeric, decode, strings };
  const fpi = strings.at(index);
  return { documentType: typeOfFormalId(fpi), publicId: fpi, decode, strings };
}

/** Writes a WBXML 1.2 UTF-8 header naming `type`; a string-form id is the table's only entry. */
export function writeHeader(out: ByteWriter, type: DocumentType, form: PublicIdForm): void {
  out.byte(WBXML_1_2);
  if (form === 'numeric') {
    out.mbUInt32(numericPublicId(type));
    out.mbUInt32(MIB_UTF8);
    out.mbUInt32(0);
    return;
  }
  const fpi = new TextEncoder().encode(formalPublicId(type));
  out.byte(0);
  out.mbUInt32(0);
  out.mbUInt32(MIB_UTF8);
  out.mbUInt32(fpi.length + 1);
  out.bytes(fpi);
  out.byte(0);
}
