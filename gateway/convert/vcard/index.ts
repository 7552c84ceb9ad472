// The vCard converter's public face: what the engine and the CardDAV glue import.
export { toServerVCard, toClientVCard, readVCardUid } from './convert.ts';
export type { ClientVCardType, ToServerOptions } from './convert.ts';
export { vcardFormatOf } from './version.ts';
export { ConvertError } from '../convert-error.ts';
export type { ConvertErrorKind } from '../convert-error.ts';
export { parseVCard } from './parse-vcard.ts';
export { writeVCard21 } from './write-vcard21.ts';
export { writeVCard30 } from './write-vcard30.ts';
export type { VCard, VCardProperty, PropertyValue, VCardVersion } from './model.ts';
export { vcardDisplayName, vcardMatchKeys, vcardRevision } from './identity.ts';
export { mergeVCard } from './merge.ts';
