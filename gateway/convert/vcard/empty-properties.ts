// Drops properties with nothing in them. SyncML clients (libsynthesis-based ones among
// them) send every property they support, empty ones included (`BDAY:`, `ADR:;;;;;;`), to
// say "this field is empty"; stored that way they would be invalid or noise in vCard 3.0.
import type { VCard, VCardProperty } from './model.ts';

function isEmpty(property: VCardProperty): boolean {
  const value = property.value;
  if (value.kind === 'binary') return value.base64.trim() === '';
  // `GEO:\;` (an escaped separator and nothing else) is empty too.
  return value.parts.every((values) => values.every((v) => /^[\s;,]*$/.test(v)));
}

/** The card without empty properties (N and FN are restored by ensureRequiredProperties). */
export function dropEmptyProperties(card: VCard): VCard {
  return { ...card, properties: card.properties.filter((p) => !isEmpty(p)) };
}
