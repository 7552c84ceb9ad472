// Reads vCard 2.1, 3.0 or 4.0 text into the model, tolerating what phones and servers really send.
import { ConvertError } from '../convert-error.ts';
import { parseContentLine, type ContentLine } from './content-line.ts';
import { unfoldLines } from './content-lines.ts';
import { adaptVCard40Value } from './from-vcard40.ts';
import { textOf, type VCard, type VCardProperty, type VCardVersion } from './model.ts';
import { normaliseParams } from './params.ts';
import { isUriValue, shapeOf } from './property-kinds.ts';
import { decodeQuotedPrintable } from './quoted-printable.ts';
import { decodeText } from './text-values.ts';
import { vcardFormatOf, versionLineOf } from './version.ts';

const isBegin = (line: string): boolean => /^BEGIN[ \t]*:[ \t]*VCARD[ \t]*$/i.test(line);
const isEnd = (line: string): boolean => /^END[ \t]*:[ \t]*VCARD[ \t]*$/i.test(line);

function notAVCard(data: string): ConvertError {
  const first = data.trim().split(/\r?\n|\r/)[0] ?? '';
  if (first === '') return new ConvertError('unsupported-format', 'the item is empty, expected a vCard');
  const shown = first.length > 40 ? `${first.slice(0, 40)}...` : first;
  return new ConvertError('unsupported-format', `the item is not a vCard: no BEGIN:VCARD line (it starts with "${shown}")`);
}

/** Base64 without white space or stray characters, padded: what a strict 3.0 reader accepts. */
function canonicalBase64(raw: string): string {
  return Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('base64');
}

function toProperty(line: ContentLine, version: VCardVersion): VCardProperty {
  const { params, encoding, charset } = normaliseParams(line.params, version);
  const base = { group: line.group, name: line.name, params };
  if (encoding === 'base64') return { ...base, value: { kind: 'binary', base64: canonicalBase64(line.value) } };
  const adapted = version === '4.0' ? adaptVCard40Value(line, params) : undefined;
  if (adapted) return { ...base, value: adapted };
  const raw = encoding === 'quoted-printable' ? decodeQuotedPrintable(line.value, charset) : line.value;
  const shape = shapeOf(line.name, isUriValue(params.get('VALUE')));
  return { ...base, value: { kind: 'text', parts: decodeText(raw, shape, version, line.name) } };
}

/**
 * A nested vCard (2.1 AGENT) is kept as its text, lines joined by `\n`, as 3.0 would carry it.
 * `start` is its BEGIN:VCARD line, or an `AGENT:BEGIN:VCARD` line.
 */
function nestedText(lines: readonly string[], start: number): { text: string; next: number } {
  let depth = 1;
  let index = start + 1;
  for (; index < lines.length; index++) {
    if (isBegin(lines[index]!.trim())) depth++;
    else if (isEnd(lines[index]!.trim()) && --depth === 0) break;
  }
  const text = ['BEGIN:VCARD', ...lines.slice(start + 1, index + 1)].join('\n');
  return { text, next: index + 1 };
}

function agentProperty(text: string): VCardProperty {
  return { group: undefined, name: 'AGENT', params: new Map(), value: { kind: 'text', parts: [[text]] } };
}

/**
 * Parses the first vCard in `data`. The version comes from the VERSION line, else `hint`
 * (from the content type). Lowercase names, LF-only or `\r\r\n` line ends, empty lines,
 * trailing whitespace and a missing END:VCARD are accepted.
 * @throws ConvertError: `unsupported-format` when there is no BEGIN:VCARD at all, `malformed`
 * when the card holds no property.
 */
export function parseVCard(data: string, hint?: VCardVersion): VCard {
  const text = data.replace(/^\uFEFF/, '');
  const detected = versionLineOf(text) ?? hint ?? vcardFormatOf(undefined, text);
  const lines = unfoldLines(text, detected);
  const begin = lines.findIndex((line) => isBegin(line.trim()));
  if (begin < 0) throw notAVCard(text);
  const properties: VCardProperty[] = [];
  for (let index = begin + 1; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (isEnd(line)) break;
    const parsed = isBegin(line) ? undefined : parseContentLine(lines[index]!, detected === '4.0');
    if (isBegin(line) || (parsed?.name === 'AGENT' && isBegin(parsed.value.trim()))) {
      // 2.1 nests the agent's card after an empty `AGENT:` (or on the AGENT line itself).
      const nested = nestedText(lines, index);
      const last = properties.at(-1);
      if (!parsed && last?.name === 'AGENT' && textOf(last) === '') last.value = agentProperty(nested.text).value;
      else properties.push(agentProperty(nested.text));
      index = nested.next - 1;
      continue;
    }
    if (!parsed || parsed.name === 'VERSION' || parsed.name === 'BEGIN' || parsed.name === 'END') continue;
    properties.push(toProperty(parsed, detected));
  }
  if (properties.length === 0) throw new ConvertError('malformed', 'the vCard has no properties');
  return { version: detected, properties };
}
