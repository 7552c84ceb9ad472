// The note converter's public face: vNote 1.1 and plain-text notes <-> VJOURNAL on CalDAV.
export { toServerNote, toClientNote } from './convert.ts';
export type { NoteType, ToServerNoteOptions } from './convert.ts';
export { ConvertError } from '../convert-error.ts';
export { mergeNote } from './merge-note.ts';
