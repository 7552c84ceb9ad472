// Quoted-printable values of vCard 2.1 (RFC 2045 section 6.7), decoded through the CHARSET parameter.
import { decodeBytes } from './charset.ts';

/**
 * Decodes `=XX` escapes. Soft line breaks were joined by the line reader already; a stray one
 * left here (`=` + line break) is dropped. Runs of escapes are decoded together, so a multi-byte
 * character split over several escapes comes out whole; literal characters pass as they are.
 */
export function decodeQuotedPrintable(raw: string, charset: string | undefined): string {
  const text = raw.replace(/=[ \t]*\r?\n/g, '');
  return text.replace(/(?:=[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3);
    for (let index = 0; index < bytes.length; index++) {
      bytes[index] = Number.parseInt(run.slice(index * 3 + 1, index * 3 + 3), 16);
    }
    return decodeBytes(bytes, charset);
  });
}

function hex(byte: number): string {
  return `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Encodes `text` as UTF-8 quoted-printable, one token per character (a line break is one
 * `=0D=0A` token), so lines can be broken between characters and never inside one.
 */
export function quotedPrintableTokens(text: string): string[] {
  const encoder = new TextEncoder();
  const tokens: string[] = [];
  for (const char of text.replace(/\r\n?/g, '\n')) {
    const code = char.codePointAt(0)!;
    if (char === '\n') tokens.push('=0D=0A');
    else if (code === 0x20 || (code > 0x20 && code < 0x7f && char !== '=')) tokens.push(char);
    else tokens.push(Array.from(encoder.encode(char), hex).join(''));
  }
  return tokens;
}

/**
 * Lays tokens out on lines of at most `limit` characters (the first line starts `firstUsed`
 * characters in), ending all but the last with a soft line break `=`. A space that would end a
 * line is encoded, as RFC 2045 requires, and so is one that would start a continuation line.
 */
export function layOutQuotedPrintable(tokens: readonly string[], firstUsed: number, limit = 76): string[] {
  const lines: string[] = [];
  let line = '';
  let used = firstUsed;
  const room = limit - 1; // keep one column for the soft break
  const flush = (): void => {
    lines.push(line.endsWith(' ') ? `${line.slice(0, -1)}=20` : line);
  };
  for (let token of tokens) {
    if (used + token.length > room - 2 && line !== '') {
      flush();
      line = '';
      used = 0;
    }
    // A continuation line starting with white space would look like a folded line.
    if (line === '' && lines.length > 0 && token === ' ') token = '=20';
    line += token;
    used += token.length;
  }
  flush();
  return lines;
}
