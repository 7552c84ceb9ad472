// Decides which vCard version an item is: the VERSION line wins over the SyncML Meta Type.
import type { VCardVersion } from './model.ts';

/** The version the item's own VERSION line names (the first one, i.e. not a nested AGENT's). */
export function versionLineOf(data: string): VCardVersion | undefined {
  const match = /^[ \t]*VERSION[ \t]*(?:;[^:\r\n]*)?:[ \t]*(\d)/im.exec(data);
  if (!match) return undefined;
  if (match[1] === '2' || match[1] === '1') return '2.1';
  if (match[1] === '4') return '4.0';
  return '3.0';
}

/** The version a SyncML content type stands for, if it names a vCard type. */
export function versionOfContentType(contentType: string | undefined): VCardVersion | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'text/x-vcard') return '2.1';
  if (type === 'text/vcard' || type === 'text/directory') return '3.0';
  return undefined;
}

/**
 * The format of a vCard item. Clients often send `text/x-vcard` with a 3.0 body or the
 * reverse, so the VERSION line is trusted first, then the content type; with neither, a
 * quoted-printable or base64 encoding parameter means 2.1, anything else 3.0.
 */
export function vcardFormatOf(contentType: string | undefined, data: string): VCardVersion {
  return (
    versionLineOf(data) ??
    versionOfContentType(contentType) ??
    (/^[^:\r\n]*;(ENCODING=)?(QUOTED-PRINTABLE|BASE64)[;:]/im.test(data) ? '2.1' : '3.0')
  );
}
