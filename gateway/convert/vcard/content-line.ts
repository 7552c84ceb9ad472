// Parses one logical content line, `[group.]name *(;param) : value` (RFC 2425 section 5.8.2, vCard 2.1 section 2.1).

/** A parameter as written: `name` is undefined for a 2.1 bare value (`TEL;CELL`). */
export interface RawParam {
  name: string | undefined;
  values: string[];
}

/** A content line split into its parts; `value` still raw (escaped, maybe encoded). */
export interface ContentLine {
  group: string | undefined;
  name: string;
  params: RawParam[];
  value: string;
}

const nameAtStart = /^(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)[ \t]*/;

/** Splits at `separator` outside double quotes. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const pieces: string[] = [];
  let quoted = false;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    else if (char === separator && !quoted) {
      pieces.push(text.slice(start, index));
      start = index + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}

/** RFC 6868 parameter value encoding (vCard 4.0): ^n, ^^, ^'. */
function decodeCaret(value: string): string {
  return value.replace(/\^([n^'])/g, (_whole, char: string) => (char === 'n' ? '\n' : char === "'" ? '"' : '^'));
}

function parseParam(text: string, caretEncoded: boolean): RawParam | undefined {
  if (text.trim() === '') return undefined;
  const equals = text.indexOf('=');
  const decode = (value: string): string => (caretEncoded ? decodeCaret(unquote(value)) : unquote(value));
  if (equals < 0) return { name: undefined, values: [unquote(text)] };
  const name = text.slice(0, equals).trim().toUpperCase();
  return { name, values: splitOutsideQuotes(text.slice(equals + 1), ',').map(decode) };
}

/**
 * Parses a logical line; undefined when it does not start with a property name followed by
 * `;` or `:`. Names are upper-cased; the group keeps its case; the value is returned raw.
 */
export function parseContentLine(line: string, caretEncoded = false): ContentLine | undefined {
  const match = nameAtStart.exec(line);
  if (!match) return undefined;
  let rest = line.slice(match[0].length);
  const params: RawParam[] = [];
  if (rest.startsWith(';')) {
    let quoted = false;
    let end = -1;
    for (let index = 0; index < rest.length; index++) {
      const char = rest[index];
      if (char === '"') quoted = !quoted;
      else if (char === ':' && !quoted) {
        end = index;
        break;
      }
    }
    if (end < 0) end = rest.indexOf(':'); // an unbalanced quote: fall back to the first colon
    if (end < 0) return undefined;
    for (const piece of splitOutsideQuotes(rest.slice(1, end), ';')) {
      const param = parseParam(piece, caretEncoded);
      if (param) params.push(param);
    }
    rest = rest.slice(end);
  }
  if (!rest.startsWith(':')) return undefined;
  return { group: match[1], name: match[2]!.toUpperCase(), params, value: rest.slice(1) };
}
