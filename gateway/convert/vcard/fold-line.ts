// Folds a content line at 75 octets (RFC 2426 section 2.6 / RFC 6350 section 3.2) without splitting a character.

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Returns `line` as physical lines joined by CRLF + space, each at most `limit` octets of
 * UTF-8 (the leading space included). Breaks fall between characters, never inside one.
 */
export function foldLine(line: string, limit = 75): string {
  const pieces: string[] = [];
  let piece = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    const room = pieces.length === 0 ? limit : limit - 1;
    if (octets + size > room) {
      pieces.push(piece);
      piece = '';
      octets = 0;
    }
    piece += char;
    octets += size;
  }
  pieces.push(piece);
  return pieces.join('\r\n ');
}
