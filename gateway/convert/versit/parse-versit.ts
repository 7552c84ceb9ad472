// Reads versit-era objects (vCalendar 1.0, vNote 1.1) into a tree of components whose values are transfer-decoded.
import { ConvertError } from '../convert-error.ts';
import { parseContentLine } from '../vcard/content-line.ts';
import { unfoldLines } from '../vcard/content-lines.ts';
import { normaliseParams } from '../vcard/params.ts';
import { decodeQuotedPrintable } from '../vcard/quoted-printable.ts';

/** One property: upper-case name, parameters without ENCODING/CHARSET, value with its backslash escapes. */
export interface VersitProperty {
  name: string;
  params: Map<string, string[]>;
  /** Quoted-printable decoded (in the CHARSET it names), line breaks as `\n`; escapes not undone. */
  value: string;
}

/** A BEGIN/END block: VCALENDAR, VEVENT, VTODO, VNOTE, ... */
export interface VersitComponent {
  name: string;
  properties: VersitProperty[];
  components: VersitComponent[];
}

/** The readable reason `data` is not a `kind` object (empty, or the wrong first line). */
export function notA(kind: string, root: string, data: string): ConvertError {
  const first = data.trim().split(/\r?\n|\r/)[0] ?? '';
  if (first === '') return new ConvertError('unsupported-format', `the item is empty, expected a ${kind}`);
  const shown = first.length > 40 ? `${first.slice(0, 40)}...` : first;
  return new ConvertError('unsupported-format', `the item is not a ${kind}: no BEGIN:${root} line (it starts with "${shown}")`);
}

function toProperty(name: string, rawParams: Parameters<typeof normaliseParams>[0], raw: string): VersitProperty {
  const { params, encoding, charset } = normaliseParams(rawParams, '2.1');
  if (encoding === 'base64') {
    params.set('ENCODING', ['BASE64']);
    return { name, params, value: raw.replace(/\s+/g, '') };
  }
  const decoded = encoding === 'quoted-printable' ? decodeQuotedPrintable(raw, charset) : raw;
  return { name, params, value: decoded.replace(/\r\n?/g, '\n') };
}

/**
 * Parses the first `root` block of `data` (versit syntax: vCard 2.1 folding, quoted-printable,
 * bare parameters). Nested blocks become components; an END closes the innermost block of its
 * name, so a missing END only loses structure, never properties. Lines outside `root` are ignored.
 * @throws ConvertError when there is no `BEGIN:<root>` line.
 */
export function parseVersit(data: string, root: string, kind: string): VersitComponent {
  const stack: VersitComponent[] = [];
  let result: VersitComponent | undefined;
  for (const line of unfoldLines(data, '2.1')) {
    const parsed = parseContentLine(line.trimStart());
    if (!parsed) continue; // a name without a value: nothing to keep
    const value = parsed.value.trim().toUpperCase();
    if (parsed.name === 'BEGIN') {
      if (stack.length === 0 && value !== root) continue;
      const component: VersitComponent = { name: value, properties: [], components: [] };
      stack.at(-1)?.components.push(component);
      stack.push(component);
      result ??= component;
    } else if (parsed.name === 'END') {
      const index = stack.map((c) => c.name).lastIndexOf(value);
      if (index >= 0) stack.length = index;
      if (stack.length === 0 && result) break;
    } else if (stack.length > 0) {
      stack.at(-1)!.properties.push(toProperty(parsed.name, parsed.params, parsed.value));
    }
  }
  if (!result) throw notA(kind, root, data);
  return result;
}

/** The first property called `name`, if any. */
export function firstProperty(component: VersitComponent, name: string): VersitProperty | undefined {
  return component.properties.find((property) => property.name === name);
}
