// Turns vCard text into logical content lines: unfolding, quoted-printable soft breaks, 2.1 base64 bodies.
import type { VCardVersion } from './model.ts';

const propertyStart = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?[ \t]*[;:]/;
const base64Body = /^[A-Za-z0-9+/=]+$/;

/** The part of a content line before its first unquoted `:`, or undefined if it has none yet. */
function headOf(line: string): string | undefined {
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === '"') quoted = !quoted;
    else if (char === ':' && !quoted) return line.slice(0, index);
  }
  return undefined;
}

/** A logical line being built; pieces are joined once, so long photos stay linear. */
class PendingLine {
  readonly pieces: string[];
  quotedPrintable = false;
  base64 = false;
  private headKnown = false;

  constructor(first: string) {
    this.pieces = [first];
    this.readHead();
  }

  get first(): string {
    return this.pieces[0]!;
  }

  append(piece: string): void {
    this.pieces.push(piece);
    this.readHead();
  }

  /** Removes a soft line break (`=` and trailing white space) ending the line, if any. */
  takeSoftBreak(): boolean {
    const last = this.pieces.length - 1;
    const match = /=[ \t]*$/.exec(this.pieces[last]!);
    if (!this.quotedPrintable || !match) return false;
    this.pieces[last] = this.pieces[last]!.slice(0, match.index);
    return true;
  }

  private readHead(): void {
    if (this.headKnown) return;
    const head = headOf(this.pieces.length === 1 ? this.first : this.pieces.join(''));
    // Parameters folded over more than a few lines are not a real vCard: stop looking.
    this.headKnown = head !== undefined || this.pieces.length > 8;
    if (head === undefined) return;
    this.quotedPrintable = /QUOTED-PRINTABLE/i.test(head);
    this.base64 = /[;:](ENCODING=)?(BASE64|B)(?=[;:])/i.test(`${head}:`);
  }
}

/**
 * Splits `data` into logical lines. Accepts CRLF, LF, CR and `\r\r\n` line ends.
 * - Folding: 3.0/4.0 drop the line break and the one space or tab after it (RFC 2425
 *   section 5.8.1); 2.1 folds only where whitespace already is, so only the break is dropped.
 * - A quoted-printable value ending in `=` continues on the next line whatever that line
 *   starts with (RFC 2045 soft line break); trailing whitespace after the `=` is ignored.
 *   A card boundary (END:VCARD) is never swallowed that way, whatever a broken writer did.
 * - A base64 value in 2.1 continues on the following lines until an empty line (vCard 2.1
 *   section 2.1.3); lines made only of base64 characters are taken in any version.
 * - A line that cannot start a property (no `name:` or `name;`) is a broken fold: it is
 *   appended to the previous line after a line break, so no text is lost.
 * Empty lines end a line and are dropped.
 */
export function unfoldLines(data: string, version: VCardVersion): string[] {
  const lines: string[] = [];
  let current: PendingLine | undefined;
  const flush = (): void => {
    if (current) lines.push(current.pieces.join(''));
    current = undefined;
  };
  for (const physical of data.split(/\r?\n|\r/)) {
    const cardBoundary = /^(BEGIN|END)[ \t]*:[ \t]*VCARD[ \t]*$/i.test(physical);
    if (current && !cardBoundary && current.takeSoftBreak()) {
      current.append(physical);
    } else if (physical === '' || (physical.trim() === '' && (!current || current.base64))) {
      flush();
    } else if (current && (physical[0] === ' ' || physical[0] === '\t')) {
      current.append(version === '2.1' ? physical : physical.slice(1));
    } else if (current?.base64 && base64Body.test(physical.trimEnd())) {
      current.append(physical);
    } else if (current && !propertyStart.test(physical) && !/^(BEGIN|END)[ \t]*:/i.test(current.first)) {
      current.append(`\n${physical}`);
    } else {
      flush();
      current = new PendingLine(physical);
    }
  }
  flush();
  return lines;
}
