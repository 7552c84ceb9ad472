// Backup files as mail: each item becomes one message with the file attached, appended to
// the user's backup folder, so it can be seen and restored from any mail client.
import { ImapFlow } from 'imapflow';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { UserCredentials } from '../../gateway/ports/backend.ts';
import type { BackupFile, BackupSink } from '../../gateway/ports/backup.ts';
import type { BackendLogins } from '../../gateway/ports/credentials.ts';

export interface ImapBackupOptions {
  /** `imap://host:port` or `imaps://host:port`. */
  url: string;
  timeoutMs?: number;
  /** The gateway's IMAP login for a user (e.g. a master user); default the user's own credentials. */
  logins?: BackendLogins;
}

export class ImapBackupSink implements BackupSink {
  constructor(private readonly options: ImapBackupOptions) {}

  async save(credentials: UserCredentials, folder: string, file: BackupFile, deviceId: string): Promise<void> {
    const message = await compose(credentials.user, file, deviceId);
    const login = this.options.logins === undefined ? credentials : this.options.logins.login('imap', credentials);
    if (login === undefined) throw new Error(`no IMAP login for ${credentials.user} (SYNCML_IMAP_LOGIN)`);
    const url = new URL(this.options.url);
    const client = new ImapFlow({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'imaps:' ? 993 : 143)),
      secure: url.protocol === 'imaps:',
      auth: { user: login.user, pass: login.password },
      logger: false,
      connectionTimeout: this.options.timeoutMs ?? 10_000,
    });
    await client.connect();
    try {
      const exists = (await client.list()).some((box) => box.path === folder);
      if (!exists) await client.mailboxCreate(folder);
      await client.append(folder, message, ['\\Seen']);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }
}

function compose(user: string, file: BackupFile, deviceId: string): Promise<Buffer> {
  const mail = new MailComposer({
    from: user,
    to: user,
    subject: `SyncML backup: ${file.name}`,
    text: `Item backed up from the device ${deviceId}.\r\nThe attached file is the item exactly as the device sent it.\r\n`,
    attachments: [{ filename: file.name, content: Buffer.from(file.content, 'utf8'), contentType: file.contentType }],
  });
  return new Promise((resolve, reject) => mail.compile().build((error, message) => (error ? reject(error) : resolve(message))));
}
