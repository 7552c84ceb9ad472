// RFC 5545 section 3.3.11 text escapes, for property values ical.js keeps raw (X- and unknown properties).

/** Text -> escaped value: `\\`, `\;`, `\,`, `\n`. */
export function escapeIcalText(text: string): string {
  return text.replace(/[\\;,\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`));
}

/** Escaped value -> text; an unknown escape keeps its backslash. */
export function unescapeIcalText(raw: string): string {
  return raw.replace(/\\([\\;,nN])/g, (_whole, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}
