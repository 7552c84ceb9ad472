// XML bytes -> Element tree (saxes, namespace-aware), inside the limits of limits.ts.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { Element } from './element.ts';
import { CodecError, TreeBudget, checkMessageSize, resolveLimits, type CodecLimits } from './limits.ts';
import { decodeXmlBytes } from './xml-charset.ts';
import { checkDoctype, prescanXml, replaceAllOf } from './xml-prescan.ts';

/**
 * Prefixes some clients use without declaring them (`<mi:Type>` in SyncML 1.0 era
 * messages); every other undeclared prefix is a well-formedness error.
 */
const UNDECLARED_PREFIXES: Readonly<Record<string, string>> = {
  mi: 'syncml:metinf',
  metinf: 'syncml:metinf',
  devinf: 'syncml:devinf',
};

const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

interface Frame {
  element: Element;
  uri: string;
  /** The text and CDATA content so far, joined. */
  text: string;
  /** Whether any text or CDATA came (an empty CDATA section makes empty text). */
  hasText: boolean;
  cdata: boolean;
}

function appendText(frame: Frame | undefined, raw: string, cdata: boolean, budget: TreeBudget, carriageReturn: string | undefined): void {
  if (frame === undefined) return; // prolog/epilog whitespace; the parser rejects anything else
  const text = carriageReturn === undefined ? raw : replaceAllOf(raw, carriageReturn, '\r');
  frame.text += text;
  frame.hasText = true;
  if (cdata) frame.cdata = true;
  budget.text(frame.text.length);
}

/** Whitespace between child elements is layout, not content; a leaf keeps its text exactly. */
function finish(frame: Frame): void {
  if (!frame.hasText) return;
  const text = frame.text;
  if (frame.element.children.length > 0 && WHITESPACE_ONLY.test(text)) return;
  frame.element.text = text;
  if (frame.cdata) frame.element.cdata = true;
}

/**
 * Parses one XML message. Element names become local names; `ns` is set where an element's
 * namespace URI differs from its parent's (on the root, whenever it has one). Attributes
 * other than namespace declarations carry nothing in SyncML and are dropped.
 * A DOCTYPE is accepted only without an internal subset, and then ignored (xml-prescan.ts).
 * @throws CodecError for oversized, too deep, entity-declaring or malformed input.
 */
export function readXml(bytes: Uint8Array, limits?: Partial<CodecLimits>): Element {
  const bounds = resolveLimits(limits);
  checkMessageSize(bytes.length, bounds);
  const { source, carriageReturn } = prescanXml(decodeXmlBytes(bytes));
  const budget = new TreeBudget(bounds);
  const stack: Frame[] = [];
  let root: Element | undefined;

  const parser = new SaxesParser({
    xmlns: true,
    resolvePrefix: (prefix: string) => UNDECLARED_PREFIXES[prefix],
  });
  parser.on('doctype', checkDoctype);
  parser.on('error', (err) => {
    throw new CodecError('malformed', err.message);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    budget.open(stack.length + 1);
    const parent = stack[stack.length - 1];
    const uri = tag.uri ?? '';
    const element: Element = { name: tag.local ?? tag.name, children: [] };
    if (parent === undefined ? uri !== '' : uri !== parent.uri) element.ns = uri;
    if (parent === undefined) root = element;
    else parent.element.children.push(element);
    stack.push({ element, uri, text: '', hasText: false, cdata: false });
  });
  parser.on('text', (text) => appendText(stack[stack.length - 1], text, false, budget, carriageReturn));
  parser.on('cdata', (text) => appendText(stack[stack.length - 1], text, true, budget, carriageReturn));
  parser.on('closetag', () => {
    const frame = stack.pop();
    if (frame !== undefined) finish(frame);
  });

  try {
    parser.write(source).close();
  } catch (err) {
    if (err instanceof CodecError) throw err;
    throw new CodecError('malformed', err instanceof Error ? err.message : String(err));
  }
  if (root === undefined) throw new CodecError('malformed', 'no root element');
  return root;
}
