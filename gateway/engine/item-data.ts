// The text of a client item as it came: inline, binary, base64, or DES/3DES-encrypted.
import { decryptItem, isEncryptedFormat } from '../convert/item-encryption/index.ts';
import type { Item, Meta } from '../protocol/model.ts';
import type { StoreSession } from './session-state.ts';

/** The item's text, decoded from base64 when its Format says b64. */
export function itemData(item: Item, meta: Meta | undefined, ss: StoreSession, password: string): string | undefined {
  const format = item.meta?.format ?? meta?.format;
  if (item.data === undefined) return item.dataBinary === undefined ? undefined : new TextDecoder().decode(item.dataBinary);
  if (isEncryptedFormat(format)) {
    // Funambol's DES/3DES items (`des;b64`): decrypted with the user's password; the client
    // then gets our items encrypted the same way.
    ss.itemFormat = format;
    return decryptItem(item.data, format, password);
  }
  return format === 'b64' ? Buffer.from(item.data, 'base64').toString('utf8') : item.data;
}
