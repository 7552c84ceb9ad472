// The protocol layer's public face: element tree <-> typed SyncML messages and DevInf.
export { readMessage } from './read.ts';
export { writeMessage } from './write.ts';
export { readCommand, writeCommand } from './commands/registry.ts';
export { readDevInf, writeDevInf } from './devinf.ts';
export { readAnchor, writeAnchor, readMeta, writeMeta } from './meta.ts';
export { estimateSize } from './size.ts';
export { ProtocolError } from './errors.ts';
export { DEVINF_NS, METINF_NS, syncmlNamespace } from './namespaces.ts';
export type * from './model.ts';
export type * from './devinf-model.ts';
