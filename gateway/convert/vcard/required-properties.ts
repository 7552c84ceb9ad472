// Adds what a stored vCard must have: N and FN (RFC 2426 sections 3.1.1-3.1.2) and UID (RFC 6352 section 5.1).
import { findProperty, textOf, textProperty, type VCard, type VCardProperty } from './model.ts';

/** Options of `ensureRequiredProperties`. */
export interface RequiredOptions {
  /** UID to set, replacing the item's own. */
  uid?: string;
  /** Called when a UID is needed and neither `uid` nor the item has one; no UID is added without it. */
  newUid?: () => string;
}

const joinWords = (values: readonly string[] | undefined): string => (values ?? []).filter(Boolean).join(' ');

/** FN from N (prefix given additional family suffix), else ORG, NICKNAME, EMAIL, TEL. */
export function displayNameOf(card: VCard): string {
  const n = findProperty(card, 'N');
  if (n?.value.kind === 'text') {
    const [family, given, additional, prefix, suffix] = n.value.parts;
    const name = [prefix, given, additional, family, suffix].map(joinWords).filter(Boolean).join(' ');
    if (name) return name;
  }
  const org = findProperty(card, 'ORG');
  if (org?.value.kind === 'text') {
    const name = org.value.parts.map(joinWords).filter(Boolean).join(', ');
    if (name) return name;
  }
  for (const fallback of ['NICKNAME', 'EMAIL', 'TEL']) {
    const property = findProperty(card, fallback);
    const text = property ? textOf(property).trim() : '';
    if (text) return text;
  }
  return '';
}

function nameFromDisplayName(display: string): VCardProperty {
  return { group: undefined, name: 'N', params: new Map(), value: { kind: 'text', parts: [[display], [''], [''], [''], ['']] } };
}

/**
 * Returns `card` with N and FN present (FN derived from N/ORG/EMAIL..., N from FN: the display
 * name as family name, which phones show instead of an empty name) and the UID chosen as
 * `options.uid`, else the item's own, else `options.newUid()`.
 */
export function ensureRequiredProperties(card: VCard, options: RequiredOptions = {}): VCard {
  const properties = [...card.properties];
  const added: VCardProperty[] = [];
  if (!findProperty(card, 'FN')) added.push(textProperty('FN', displayNameOf(card)));
  if (!findProperty(card, 'N')) added.push(nameFromDisplayName(textOf(findProperty(card, 'FN') ?? added[0]!)));
  const uidIndex = properties.findIndex((property) => property.name === 'UID');
  const ownUid = uidIndex >= 0 ? textOf(properties[uidIndex]!).trim() : '';
  const uid = options.uid ?? (ownUid || options.newUid?.());
  if (uid !== undefined && uid !== ownUid) {
    if (uidIndex >= 0) properties[uidIndex] = textProperty('UID', uid);
    else properties.push(textProperty('UID', uid));
  }
  return { ...card, properties: [...added, ...properties] };
}
