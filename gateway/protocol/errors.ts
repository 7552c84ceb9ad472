// The error for a message that cannot be understood as SyncML at all. It carries a SyncML
// status and whatever header could be read, so the engine can still answer in SyncML.
import type { SyncHdr, SyncMLVersion } from './model.ts';

/**
 * Thrown by `readMessage` when the tree is not a usable SyncML message: 400 (not SyncML,
 * header incomplete), 505 (unknown VerDTD) or 513 (VerProto is not SyncML/1.x).
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';

  constructor(
    /** SyncML status code for the SyncHdr Status of the reply. */
    readonly status: number,
    message: string,
    /** Header fields read before the problem was found (may be empty). */
    readonly hdr: Partial<SyncHdr> = {},
    /** The message's version, when it could be told. */
    readonly version?: SyncMLVersion,
  ) {
    super(message);
  }
}
