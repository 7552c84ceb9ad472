// Content lines as vCard (RFC 6350 §3.2) and iCalendar (RFC 5545 §3.1) share them: just enough
// to find a property value without parsing the object (that is the converters' job).

/** Joins folded lines (CRLF or LF followed by a space or tab). */
export function unfold(text: string): string {
  return text.replace(/\r?\n[ \t]/g, '');
}

/** Value of the first property named `name` (group prefix and parameters allowed), trimmed. */
export function firstPropertyValue(text: string, name: string): string | undefined {
  const pattern = new RegExp(`^(?:[A-Za-z0-9-]+\\.)?${name}(?:;[^:]*)?:(.*)$`, 'i');
  for (const line of unfold(text).split(/\r?\n/)) {
    const match = pattern.exec(line);
    if (match) {
      const value = (match[1] ?? '').trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}
