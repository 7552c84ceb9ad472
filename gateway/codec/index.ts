// The codec front door: content type <-> encoding, and bytes <-> Element for each encoding.
// Each encoding has a reader and a writer module; WBXML's slot in beside the XML ones.
import type { Element, Encoding } from './element.ts';
import { CodecError, type CodecLimits } from './limits.ts';
import { readXml } from './xml-reader.ts';
import { writeXml } from './xml-writer.ts';

export type { Element, Encoding } from './element.ts';
export { CodecError, defaultLimits, type CodecErrorReason, type CodecLimits } from './limits.ts';

interface Codec {
  read(bytes: Uint8Array, limits?: Partial<CodecLimits>): Element;
  write(root: Element): Uint8Array;
}

function notYet(): never {
  throw new CodecError('unsupported-encoding', 'WBXML is not supported yet');
}

/** One reader and one writer per encoding (wbxml-reader.ts / wbxml-writer.ts will fill 'wbxml'). */
const codecs: Readonly<Record<Encoding, Codec>> = {
  xml: { read: readXml, write: writeXml },
  wbxml: { read: notYet, write: notYet },
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
 * @throws CodecError (limits, DOCTYPE, malformed input, unsupported encoding).
 */
export function decode(bytes: Uint8Array, encoding: Encoding, limits?: Partial<CodecLimits>): Element {
  return codecs[encoding].read(bytes, limits);
}

/** Encodes a message tree. */
export function encode(root: Element, encoding: Encoding): Uint8Array {
  return codecs[encoding].write(root);
}
