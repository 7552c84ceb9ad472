// One pass over the XML text before the parser sees it: refuses a DOCTYPE with an internal
// subset (entity expansion attacks) and protects carriage returns in element content from
// end-of-line normalisation.
//
// DOCTYPE: the Synthesis client sends `<!DOCTYPE SyncML PUBLIC "-//SYNCML//DTD SyncML 1.1//EN"
// "http://www.syncml.org/...">` in every message (horde-syncml/testcase_synthesis_tasks), so a
// declaration with only an external ID is accepted and ignored (nothing is ever fetched, and
// saxes expands no DTD entities). Only an internal subset (`[...]`) can declare entities: refused.
//
// Carriage returns: XML 1.0 section 2.11 makes every parser turn CRLF into LF, even inside
// CDATA. SyncML item data is vCard/iCalendar, whose lines end in CRLF (RFC 6350 3.2), and
// clients expect the bytes back as sent. So each CR inside the root element's content (text
// and CDATA) is replaced by a private-use character the document does not contain, which the
// parser passes through and the reader turns back into CR: one character for one, whatever
// the number of CRs. Markup is copied unchanged. Only a document holding all 6,400 BMP
// private-use characters gets the old expansion instead: a character reference (&#13;) in
// text, a split section in CDATA (`<![CDATA[a\r\nb]]>` -> `<![CDATA[a]]>&#13;<![CDATA[\nb]]>`),
// 5 to 17 characters per CR (a 4 MB flood of CRs then costs the parser seconds).
import { CodecError } from './limits.ts';

/**
 * Throws `doctype` when a document type declaration (its text, with or without `<!DOCTYPE`)
 * has an internal subset, the only place entities can be declared.
 */
export function checkDoctype(declaration: string): void {
  const outsideLiterals = declaration.replace(/"[^"]*"|'[^']*'/g, '');
  if (outsideLiterals.includes('[') || /<!(ENTITY|ELEMENT|ATTLIST)/i.test(outsideLiterals)) {
    throw new CodecError('doctype', 'DOCTYPE with an internal subset is refused (entity expansion)');
  }
}

/** Index just past the `>` that closes the tag starting at `lt`, skipping quoted values. */
function tagEnd(src: string, lt: number): number {
  let quote = '';
  for (let i = lt + 1; i < src.length; i++) {
    const c = src[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    }
  }
  return src.length;
}

function sectionEnd(src: string, from: number, terminator: string): number {
  const i = src.indexOf(terminator, from);
  return i < 0 ? src.length : i + terminator.length;
}

/** `text` with every `from` replaced by `to`; split/join is ~10x faster than replaceAll for millions of hits. */
export function replaceAllOf(text: string, from: string, to: string): string {
  return text.includes(from) ? text.split(from).join(to) : text;
}

/** What the parser reads, and the character standing for CR in element content (if any). */
export interface PrescannedXml {
  source: string;
  /** Turn every one of these in text and CDATA back into a carriage return. */
  carriageReturn?: string;
}

const PRIVATE_USE_FIRST = 0xe000;
const PRIVATE_USE_COUNT = 0xf8ff - 0xe000 + 1;

/** A BMP private-use character that occurs in `src` neither as such nor as a character reference. */
function unusedPrivateUseCharacter(src: string): string | undefined {
  const seen = new Uint8Array(PRIVATE_USE_COUNT);
  const mark = (code: number): void => {
    const offset = code - PRIVATE_USE_FIRST;
    if (offset >= 0 && offset < PRIVATE_USE_COUNT) seen[offset] = 1;
  };
  for (let i = 0; i < src.length; i++) mark(src.charCodeAt(i));
  if (src.includes('&#')) {
    for (const ref of src.matchAll(/&#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}));/g)) mark(ref[1] === undefined ? Number(ref[2]) : Number.parseInt(ref[1], 16));
  }
  const free = seen.indexOf(0);
  return free < 0 ? undefined : String.fromCharCode(PRIVATE_USE_FIRST + free);
}

/**
 * Returns the text the parser should read. Without any CR the source is returned as it is
 * (the reader's doctype handler checks a DOCTYPE then).
 */
export function prescanXml(src: string): PrescannedXml {
  if (!src.includes('\r')) return { source: src };
  const carriageReturn = unusedPrivateUseCharacter(src);
  const inText = carriageReturn ?? '&#13;';
  const inCdata = carriageReturn ?? ']]>&#13;<![CDATA[';
  const out: string[] = [];
  let depth = 0;
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? src.length : lt;
    const text = src.slice(i, textEnd);
    out.push(depth > 0 ? replaceAllOf(text, '\r', inText) : text);
    if (lt < 0) break;
    let end: number;
    if (src.startsWith('<![CDATA[', lt)) {
      end = sectionEnd(src, lt + 9, ']]>');
      const section = src.slice(lt, end);
      out.push(depth > 0 ? replaceAllOf(section, '\r', inCdata) : section);
      i = end;
      continue;
    }
    if (src.startsWith('<!--', lt)) end = sectionEnd(src, lt + 4, '-->');
    else if (src.startsWith('<?', lt)) end = sectionEnd(src, lt + 2, '?>');
    else if (/^<!DOCTYPE/i.test(src.slice(lt, lt + 9))) {
      end = tagEnd(src, lt);
      checkDoctype(src.slice(lt, end));
    } else {
      end = tagEnd(src, lt);
      if (src[lt + 1] === '/') depth -= 1;
      else if (src[lt + 1] !== '!' && src[end - 2] !== '/') depth += 1;
    }
    out.push(src.slice(lt, end));
    i = end;
  }
  const source = out.join('');
  return carriageReturn === undefined ? { source } : { source, carriageReturn };
}
