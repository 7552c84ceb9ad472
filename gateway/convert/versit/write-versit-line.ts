// Writes one versit (vCalendar 1.0 / vNote 1.1) content line; non-ASCII text and line breaks travel quoted-printable.
import { layOutQuotedPrintable, quotedPrintableTokens } from '../vcard/quoted-printable.ts';

/** A parameter as written: `[name, value]`, or `[undefined, value]` for a bare 1.0 value (`AALARM;WAVE`). */
export type VersitParam = [string | undefined, string];

/** 1.0 has no quoting; a value with `;` or `:` is quoted anyway rather than broken. */
function paramValue(value: string): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  return /[;:]/.test(clean) ? `"${clean.replace(/"/g, "'")}"` : clean;
}

/**
 * `NAME;PARAMS:value` with CRLF between physical lines and none at the end. `value` is already
 * escaped; line breaks in it are `\n`. A value with anything outside printable ASCII is written
 * `ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8` with soft line breaks, as phones expect.
 */
export function writeVersitLine(name: string, params: readonly VersitParam[], value: string): string {
  const head = name + params.map(([key, v]) => (key === undefined ? `;${paramValue(v)}` : `;${key}=${paramValue(v)}`)).join('');
  if (!/[^\x20-\x7e\t]/.test(value)) return `${head}:${value}`;
  const start = `${head};ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:`;
  return start + layOutQuotedPrintable(quotedPrintableTokens(value), start.length).join('=\r\n');
}
