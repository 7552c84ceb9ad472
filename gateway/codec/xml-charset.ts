// Turns XML bytes into a string: UTF-8 (with or without BOM) or the ISO-8859-1 some old
// phones declare; anything else is refused rather than guessed (XML 1.0 section 4.3.3, appendix F).
import { CodecError } from './limits.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });
// WHATWG maps "latin1"/"iso-8859-1" to windows-1252, a superset for the printable range.
const latin1 = new TextDecoder('latin1');

const UTF8_NAMES = new Set(['utf-8', 'utf8']);
const LATIN1_NAMES = new Set([
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'latin1',
  'latin-1',
  'l1',
  'us-ascii',
  'ascii',
]);

/** The encoding named in the XML declaration, lower-cased, if there is one. */
export function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = latin1.decode(bytes.subarray(0, 256));
  const decl = /^<\?xml\s[^?]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return decl?.[1]?.toLowerCase();
}

/**
 * Decodes a whole XML document. A UTF-8 BOM wins over the declaration; UTF-16 and
 * unknown declared encodings throw `unsupported-encoding`, invalid UTF-8 throws `malformed`.
 */
export function decodeXmlBytes(bytes: Uint8Array): string {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xfe && b1 === 0xff) || (b0 === 0xff && b1 === 0xfe) || b0 === 0x00 || b1 === 0x00) {
    throw new CodecError('unsupported-encoding', 'UTF-16/UCS-4 XML is not supported');
  }
  const hasBom = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf;
  const declared = hasBom ? undefined : declaredEncoding(bytes);
  if (declared !== undefined && LATIN1_NAMES.has(declared)) return latin1.decode(bytes);
  if (declared !== undefined && !UTF8_NAMES.has(declared)) {
    throw new CodecError('unsupported-encoding', `XML encoding "${declared}" is not supported`);
  }
  try {
    return utf8.decode(bytes); // strips the BOM
  } catch {
    throw new CodecError('malformed', 'message is not valid UTF-8');
  }
}
