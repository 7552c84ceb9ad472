// Keeps on the server what a device cannot store: when a device sends back a contact, the
// properties its CTCap does not list are taken from the stored card instead of being erased.
import type { VCard } from './model.ts';
import { parseVCard } from './parse-vcard.ts';
import { writeVCard30 } from './write-vcard30.ts';

const structural = new Set(['BEGIN', 'END', 'VERSION']);

/**
 * `incoming` (already vCard 3.0, the server's form) with every property of `stored` whose
 * name is neither in `supported` nor sent by the device added back. Properties the device supports come from `incoming`
 * only, so a field the user cleared on the device is cleared on the server too.
 */
export function mergeVCard(stored: string, incoming: string, supported: ReadonlySet<string>): string {
  const server = parseVCard(stored);
  const client = parseVCard(incoming);
  // What the device sent counts as held even when its CTCap forgets it (UID, REV are added on
  // the way in): the stored copy of such a property would make it appear twice.
  const sent = new Set(client.properties.map((p) => p.name));
  const held = (name: string) => sent.has(name) || supported.has(name) || (name.startsWith('X-') && supported.has('X-*'));
  const kept = server.properties.filter((p) => !structural.has(p.name) && !held(p.name));
  if (kept.length === 0) return incoming;
  const merged: VCard = { ...client, properties: [...client.properties, ...kept] };
  return writeVCard30(merged);
}
