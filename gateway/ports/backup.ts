// Where `backup` sessions put the client's items: one file per item in the user's mailbox.
import type { UserCredentials } from './backend.ts';

export interface BackupFile {
  /** `<prefix>YYYYMMDD<NNNN>.<ext>` */
  name: string;
  contentType: string;
  /** The item exactly as the client sent it. */
  content: string;
}

export interface BackupSink {
  /** Stores one file in `folder` (created when missing). */
  save(credentials: UserCredentials, folder: string, file: BackupFile, deviceId: string): Promise<void>;
}
