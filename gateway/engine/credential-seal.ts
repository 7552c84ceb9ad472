// Encrypts the user's credentials while they sit in the shared session store between
// requests (the gateway needs them on every message to reach the backends).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { UserCredentials } from '../ports/backend.ts';

export interface SealedSecret {
  iv: string;
  tag: string;
  data: string;
}

export class CredentialSeal {
  private readonly key: Buffer;

  /** `key` must be 32 bytes; without one, a random key is made (fine for one instance). */
  constructor(key?: Buffer) {
    if (key !== undefined && key.length !== 32) throw new Error('session key must be 32 bytes');
    this.key = key ?? randomBytes(32);
  }

  seal(credentials: UserCredentials): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
  }

  /** Returns undefined when the secret was sealed with another key (e.g. after a restart without a configured key). */
  open(sealed: SealedSecret): UserCredentials | undefined {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as UserCredentials;
    } catch {
      return undefined;
    }
  }
}
