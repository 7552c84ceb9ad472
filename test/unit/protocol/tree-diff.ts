// Test helper: structural differences between two element trees (names, text, child order),
// ignoring namespace placement, CDATA vs escaped text and layout whitespace.
import type { Element } from '../../../gateway/codec/element.ts';
import { xmlTextOf } from '../../../gateway/codec/xml-writer.ts';

export interface DiffOptions {
  /** Treat whitespace-only leaf text as no text (layout inside an empty element). */
  ignoreBlankText?: boolean;
}

function textOf(el: Element, options: DiffOptions): string {
  const text = xmlTextOf(el) ?? '';
  return options.ignoreBlankText === true && /^\s*$/.test(text) ? '' : text;
}

/** Human-readable differences, empty when the trees match. */
export function treeDiff(a: Element, b: Element, options: DiffOptions = {}, path = ''): string[] {
  const here = `${path}/${a.name}`;
  if (a.name !== b.name) return [`${path}: <${a.name}> became <${b.name}>`];
  const out: string[] = [];
  const ta = textOf(a, options);
  const tb = textOf(b, options);
  if (ta !== tb) out.push(`${here}: text ${JSON.stringify(ta.slice(0, 80))} became ${JSON.stringify(tb.slice(0, 80))}`);
  const na = a.children.map((c) => c.name).join(',');
  const nb = b.children.map((c) => c.name).join(',');
  if (na !== nb) return [...out, `${here}: children [${na}] became [${nb}]`];
  a.children.forEach((c, i) => out.push(...treeDiff(c, b.children[i] as Element, options, here)));
  return out;
}

/** The same tree with every level's children sorted (for content that has no fixed order). */
export function sortedTree(el: Element): string {
  const text = el.children.length > 0 ? '' : (xmlTextOf(el) ?? '').trim();
  return `${el.name}(${text}|${el.children.map(sortedTree).sort().join(',')})`;
}
