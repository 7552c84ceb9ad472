// SyncHdr <-> typed SyncHdr: VerDTD, VerProto, SessionID, MsgID, Target, Source, RespURI?,
// NoResp?, Cred?, Meta? (RepPro 1.2 section 5.1.16 / 6.6.16).
import { child, childText, element, textElement, type Element } from '../codec/element.ts';
import { flag, optionalCred, optionalFlag, optionalText, readCred, readLocRef, writeLocRef } from './common.ts';
import { readMeta, writeMeta } from './meta.ts';
import type { SyncHdr } from './model.ts';

/** Every header field present in `el`; never throws, so errors can still carry it. */
export function readPartialHeader(el: Element): Partial<SyncHdr> {
  const hdr: Partial<SyncHdr> = {};
  const set = <K extends keyof SyncHdr>(key: K, value: SyncHdr[K] | undefined): void => {
    if (value !== undefined) hdr[key] = value;
  };
  set('verDTD', childText(el, 'VerDTD'));
  set('verProto', childText(el, 'VerProto'));
  set('sessionID', childText(el, 'SessionID'));
  set('msgID', childText(el, 'MsgID'));
  const target = child(el, 'Target');
  const source = child(el, 'Source');
  if (target !== undefined) hdr.target = readLocRef(target);
  if (source !== undefined) hdr.source = readLocRef(source);
  set('respURI', childText(el, 'RespURI'));
  if (flag(el, 'NoResp')) hdr.noResp = true;
  set('cred', readCred(el));
  const meta = child(el, 'Meta');
  if (meta !== undefined) hdr.meta = readMeta(meta);
  return hdr;
}

/** The required header fields a partial header lacks (empty when it is complete). */
export function missingHeaderFields(hdr: Partial<SyncHdr>): string[] {
  const missing: string[] = [];
  if (hdr.verProto === undefined) missing.push('VerProto');
  if (hdr.sessionID === undefined) missing.push('SessionID');
  if (hdr.msgID === undefined) missing.push('MsgID');
  if (hdr.target === undefined || hdr.target.locURI === '') missing.push('Target/LocURI');
  if (hdr.source === undefined || hdr.source.locURI === '') missing.push('Source/LocURI');
  return missing;
}

/** Writes a SyncHdr in DTD order. */
export function writeHeader(hdr: SyncHdr): Element {
  return element('SyncHdr', [
    textElement('VerDTD', hdr.verDTD),
    textElement('VerProto', hdr.verProto),
    textElement('SessionID', hdr.sessionID),
    textElement('MsgID', hdr.msgID),
    writeLocRef('Target', hdr.target),
    writeLocRef('Source', hdr.source),
    ...optionalText('RespURI', hdr.respURI),
    ...optionalFlag('NoResp', hdr.noResp),
    ...optionalCred(hdr.cred),
    ...(hdr.meta === undefined ? [] : [writeMeta(hdr.meta)]),
  ]);
}
