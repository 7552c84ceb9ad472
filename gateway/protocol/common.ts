// Small shared pieces of SyncML element trees: text fields, flags, Target/Source, Cred, Chal.
import { child, childText, element, textElement, type Element } from '../codec/element.ts';
import { readMeta, writeMeta } from './meta.ts';
import type { Chal, Cred, LocRef } from './model.ts';

/** A child's text, or '' when the child is missing (required fields, read leniently). */
export function requiredText(parent: Element, name: string): string {
  return childText(parent, name) ?? '';
}

/** Whether an empty flag element (NoResp, Final, MoreData, Archive, SftDel) is present. */
export function flag(parent: Element, name: string): boolean {
  return child(parent, name) !== undefined;
}

/** An integer from element text; NaN when the text is not one (the engine answers 400). */
export function parseInteger(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return /^\s*[+-]?\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

/** A text element when `value` is set, nothing otherwise (for optional fields). */
export function optionalText(name: string, value: string | number | undefined): Element[] {
  return value === undefined ? [] : [textElement(name, String(value))];
}

/** A flag element when `on` is true. */
export function optionalFlag(name: string, on: boolean | undefined): Element[] {
  return on === true ? [element(name)] : [];
}

/** Target, Source, SourceParent, TargetParent: LocURI, LocName?, Filter? (1.2). */
export function readLocRef(el: Element): LocRef {
  const ref: LocRef = { locURI: requiredText(el, 'LocURI') };
  const locName = childText(el, 'LocName');
  if (locName !== undefined) ref.locName = locName;
  const filter = child(el, 'Filter');
  if (filter !== undefined) ref.filter = filter;
  return ref;
}

/** Writes a Target/Source-like element. */
export function writeLocRef(name: string, ref: LocRef): Element {
  return element(name, [
    textElement('LocURI', ref.locURI),
    ...optionalText('LocName', ref.locName),
    ...(ref.filter === undefined ? [] : [ref.filter]),
  ]);
}

/** An optional LocRef child. */
export function readOptionalLocRef(parent: Element, name: string): LocRef | undefined {
  const el = child(parent, name);
  return el === undefined ? undefined : readLocRef(el);
}

/** A LocRef element when `ref` is set. */
export function optionalLocRef(name: string, ref: LocRef | undefined): Element[] {
  return ref === undefined ? [] : [writeLocRef(name, ref)];
}

/** Cred (Meta?, Data): the authentication type and format are in its Meta. */
export function readCred(parent: Element): Cred | undefined {
  const el = child(parent, 'Cred');
  if (el === undefined) return undefined;
  const cred: Cred = { data: requiredText(el, 'Data') };
  const meta = child(el, 'Meta');
  if (meta !== undefined) cred.meta = readMeta(meta);
  return cred;
}

/** A Cred element when `cred` is set. */
export function optionalCred(cred: Cred | undefined): Element[] {
  if (cred === undefined) return [];
  const meta = cred.meta === undefined ? [] : [writeMeta(cred.meta)];
  return [element('Cred', [...meta, textElement('Data', cred.data)])];
}

/** Chal (Meta): the authentication the server asks for, with its NextNonce. */
export function readChal(parent: Element): Chal | undefined {
  const el = child(parent, 'Chal');
  if (el === undefined) return undefined;
  const meta = child(el, 'Meta');
  return { meta: meta === undefined ? {} : readMeta(meta) };
}

/** A Chal element when `chal` is set. */
export function optionalChal(chal: Chal | undefined): Element[] {
  return chal === undefined ? [] : [element('Chal', [writeMeta(chal.meta)])];
}

/** The text of every child named `name` (TargetRef*, SourceRef*). */
export function texts(parent: Element, name: string): string[] {
  return parent.children.filter((c) => c.name === name).map((c) => c.text ?? '');
}
