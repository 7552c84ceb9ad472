// The codec front door: content type <-> encoding, and bytes <-> Element for each encoding.
// Each encoding has a reader and a writer module (xml-*.ts, wbxml-*.ts).
import type { Element, Encoding } from './element.ts';
import type { CodecLimits } from './limits.ts';
import { readWbxml } from './wbxml-reader.ts';
import { writeWbxml } from './wbxml-writer.ts';
import { readXml } from './xml-reader.ts';
import { writeXml } from './xml-writer.ts';

export type { Element, Encoding } from './element.ts';
export { CodecError, defaultLimits, type CodecErrorReason, type CodecLimits } from './limits.ts';

interface Codec {
  read(bytes: Uint8Array, limits?: Partial<CodecLimits>): Element;
  write(root: Element): Uint8Array;
}

/** One reader and one writer per encoding. */
const codecs: Readonly<Record<Encoding, Codec>> = {
  xml: { read: readXml, write: writeXml },
  wbxml: { read: readWbxml, write: (root) => writeWbxml(root) },
};

const CONTENT_TYPES: Readonly<Record<Encoding, string>> = {
  xml: 'application/vnd.syncml+xml',
  wbxml: 'application/vnd.syncml+wbxml',
};

const ENCODING_BY_MEDIA_TYPE: ReadonlyMap<string, Encoding> = new Map<string, Encoding>([
  ['application/vnd.syncml+xml', 'xml'],
  ['application/vnd.syncml+wbxml', 'wbxml'],
  ['text/xml', 'xml'],
  ['application/xml', 'xml'],
]);

/**
 * The encoding of an HTTP body from its Content-Type (parameters such as charset and letter
 * case ignored); undefined for anything that is not SyncML.
 */
export function encodingFromContentType(contentType: string | undefined): Encoding | undefined {
  if (contentType === undefined) return undefined;
  const mediaType = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return ENCODING_BY_MEDIA_TYPE.get(mediaType);
}

/** The Content-Type to answer with (the same media type clients send, no parameters). */
export function contentTypeOf(encoding: Encoding): string {
  return CONTENT_TYPES[encoding];
}

/**
 * Decodes a message body.
 * @throws CodecError (limits, DOCTYPE, malformed or truncated input, unknown WBXML tokens, unsupported charset).
 */
export function decode(bytes: Uint8Array, encoding: Encoding, limits?: Partial<CodecLimits>): Element {
  return codecs[encoding].read(bytes, limits);
}

/**
 * Encodes a message tree. WBXML takes the SyncML version (public id) from the root namespace.
 * @throws CodecError `unknown-token` when WBXML has no token for an element.
 */
export function encode(root: Element, encoding: Encoding): Uint8Array {
  return codecs[encoding].write(root);
}
