// How vCards live in a CardDAV address book (RFC 6352): media type, file suffix, multiget report.
import type { ResourceFormat } from '../dav/resource-store.ts';
import { firstPropertyValue } from '../dav/content-lines.ts';
import { NS } from '../dav/xml.ts';

export const vcardFormat: ResourceFormat = {
  contentType: 'text/vcard',
  putContentType: 'text/vcard; charset=utf-8',
  extension: '.vcf',
  multiget: { ns: NS.carddav, name: 'addressbook-multiget' },
  dataProp: { ns: NS.carddav, name: 'address-data' },
  uidOf: (data) => firstPropertyValue(data, 'UID'),
  // CardDAV identifies address objects by UID (RFC 6352 §6.3.2.1, no-uid-conflict) and Radicale
  // answers 400 to a vCard without one, so a new vCard without UID gets one before END:VCARD.
  withUid(data, uid) {
    const end = data.toUpperCase().lastIndexOf('END:VCARD');
    if (end < 0) return data;
    const newline = data.includes('\r\n') ? '\r\n' : '\n';
    return `${data.slice(0, end)}UID:${uid}${newline}${data.slice(end)}`;
  },
};
