// Filled collections that scenarios reuse across benchmark runs: checked by name and count,
// filled in one request when they differ (see fillAddressBook).
import { benchContacts, type BenchContact } from '../lib/contacts.ts';
import { fillAddressBook, listMembers } from '../lib/radicale.ts';
import type { BenchContext } from './context.ts';

/**
 * Makes sure `collection` holds exactly `count` contacts of data set `tag` (by resource name);
 * returns them. Items changed by earlier runs keep their names, so they still count.
 */
export async function filledCollection(ctx: BenchContext, collection: string, count: number, tag: string, photoEvery = 0): Promise<BenchContact[]> {
  const contacts = benchContacts(count, tag, photoEvery);
  const members = await listMembers(collection).catch(() => new Map<string, string>());
  const complete = members.size === count && contacts.every((c) => members.has(c.name));
  if (!complete) {
    ctx.log(`filling ${collection} with ${count} contacts (kept for later runs)`);
    const started = performance.now();
    await fillAddressBook(collection, contacts.map((c) => c.vcard30));
    const after = await listMembers(collection);
    if (after.size !== count) throw new Error(`${collection}: ${after.size} items after filling it with ${count}`);
    ctx.log(`filled ${collection} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return contacts;
}
