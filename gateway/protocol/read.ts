// Element tree -> typed SyncML message; refuses, with a SyncML status, what is not SyncML.
import { child, type Element } from '../codec/element.ts';
import { readCommand } from './commands/registry.ts';
import { ProtocolError } from './errors.ts';
import { missingHeaderFields, readPartialHeader } from './header.ts';
import type { Command, SyncHdr, SyncMLMessage, SyncMLVersion } from './model.ts';
import { parseVersion, versionFromNamespace } from './namespaces.ts';
import { StatusCode } from './codes.ts';

/** VerDTD decides; a message without one is read by its root namespace. */
function versionOf(root: Element, hdr: Partial<SyncHdr>): SyncMLVersion {
  if (hdr.verDTD !== undefined) {
    const version = parseVersion(hdr.verDTD);
    if (version === undefined) {
      throw new ProtocolError(StatusCode.versionNotSupported, `unsupported VerDTD "${hdr.verDTD}"`, hdr);
    }
    return version;
  }
  const version = versionFromNamespace(root.ns);
  if (version === undefined) throw new ProtocolError(StatusCode.badRequest, 'SyncHdr has no VerDTD', hdr);
  hdr.verDTD = version;
  return version;
}

/** VerProto must be SyncML/1.x: an OMA DM (DM/1.x) message is refused with 513. */
function checkProtocol(hdr: Partial<SyncHdr>, version: SyncMLVersion): void {
  if (hdr.verProto !== undefined && !/^\s*SyncML\/1\.[012]\s*$/i.test(hdr.verProto)) {
    throw new ProtocolError(
      StatusCode.protocolVersionNotSupported,
      `unsupported VerProto "${hdr.verProto}"`,
      hdr,
      version,
    );
  }
}

/**
 * Reads a decoded message: SyncHdr, the SyncBody commands in document order, and Final.
 * @throws ProtocolError (with the header read so far) when the tree is not SyncML.
 */
export function readMessage(root: Element): SyncMLMessage {
  if (root.name !== 'SyncML') {
    throw new ProtocolError(StatusCode.badRequest, `not a SyncML message (root element <${root.name}>)`);
  }
  const hdrEl = child(root, 'SyncHdr');
  if (hdrEl === undefined) throw new ProtocolError(StatusCode.badRequest, 'message has no SyncHdr');
  const partial = readPartialHeader(hdrEl);
  const version = versionOf(root, partial);
  checkProtocol(partial, version);
  const missing = missingHeaderFields(partial);
  if (missing.length > 0) {
    throw new ProtocolError(StatusCode.badRequest, `SyncHdr lacks ${missing.join(', ')}`, partial, version);
  }
  const hdr = partial as SyncHdr;
  const bodyEl = child(root, 'SyncBody');
  if (bodyEl === undefined) throw new ProtocolError(StatusCode.badRequest, 'message has no SyncBody', hdr, version);
  const body: Command[] = [];
  let final = false;
  for (const el of bodyEl.children) {
    if (el.name === 'Final') final = true;
    else body.push(readCommand(el));
  }
  return { version, hdr, body, final };
}
