// Backslash escapes of versit values (vCalendar 1.0 section 2.1.3, as vCard 2.1): `\;` in lists, `\\`.

/**
 * Splits `raw` at every separator not escaped by a backslash; the pieces keep their escapes.
 * `separators` may hold more than one character (2.1 CATEGORIES take `,` and `;`).
 */
export function splitUnescaped(raw: string, separators = ';'): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let index = 0; index < raw.length; index++) {
    const char = raw[index]!;
    if (char === '\\') index++;
    else if (separators.includes(char)) {
      pieces.push(raw.slice(start, index));
      start = index + 1;
    }
  }
  pieces.push(raw.slice(start));
  return pieces;
}

/**
 * Undoes `\\`, `\;`, `\,` and `\:`. Any other backslash stays as it is: phones write Windows
 * paths (`c:\system\...`) unescaped, and 1.0 has no `\n` (line breaks travel quoted-printable).
 */
export function unescapeText(raw: string): string {
  return raw.replace(/\\([\\;,:])/g, '$1');
}

/** Escapes one value of a list (CATEGORIES, RESOURCES) for a 1.0 line: `\` and `;`. */
export function escapeText(text: string): string {
  return text.replace(/[\\;]/g, (char) => `\\${char}`);
}

/**
 * Escapes a single text value (SUMMARY, DESCRIPTION, BODY) as little as `unescapeText` needs:
 * `;` stays as it is (phones show `\;` literally), and a backslash is doubled only where it
 * would otherwise read as an escape.
 */
export function escapeSingleText(text: string): string {
  return text.replace(/\\(?=[\\;,:]|$)/g, '\\\\');
}
