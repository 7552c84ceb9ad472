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
// clients expect the bytes back as sent. A character reference (&#13;) is not normalised, so
// each CR inside the root element's content becomes one; inside CDATA the section is split
// around it: `<![CDATA[a\r\nb]]>` -> `<![CDATA[a]]>&#13;<![CDATA[\nb]]>`. Markup is copied unchanged.
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

/**
 * Returns the text the parser should read. Without any CR the source is returned as it is
 * (the reader's doctype handler checks a DOCTYPE then).
 */
export function prescanXml(src: string): string {
  if (!src.includes('\r')) return src;
  const out: string[] = [];
  let depth = 0;
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? src.length : lt;
    const text = src.slice(i, textEnd);
    out.push(depth > 0 ? text.replaceAll('\r', '&#13;') : text);
    if (lt < 0) break;
    let end: number;
    if (src.startsWith('<![CDATA[', lt)) {
      end = sectionEnd(src, lt + 9, ']]>');
      const section = src.slice(lt, end);
      out.push(depth > 0 ? section.replaceAll('\r', ']]>&#13;<![CDATA[') : section);
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
  return out.join('');
}
