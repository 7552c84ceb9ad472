// Every limit the byte codecs enforce, and the one error they throw: a codec never allocates
// without a bound, whatever a client sends.

/** Bounds on one decoded message. */
export interface CodecLimits {
  /** Largest message accepted, in bytes (before any decoding). */
  maxBytes: number;
  /** Deepest element nesting (SyncML > SyncBody > Sync > Add > Item > Data > DevInf ... is ~13). */
  maxDepth: number;
  /** Most elements in one message. */
  maxElements: number;
  /** Longest text (or opaque) content of one element, in characters (bytes for opaque). */
  maxTextLength: number;
  /**
   * Most text (and opaque) content of all elements together. WBXML can name one string-table
   * entry from any number of elements (STR_T): without this bound 100 KB of input decoded to
   * 100 MB of strings, and 4 MB to more memory than the process has.
   */
  maxTotalTextLength: number;
}

/** One mebibyte, for limits. */
export const MiB = 1024 * 1024;

/** The defaults; per-call overrides go through `resolveLimits`. */
export const defaultLimits: Readonly<CodecLimits> = Object.freeze({
  maxBytes: 4 * MiB,
  maxDepth: 32,
  maxElements: 100_000,
  maxTextLength: 4 * MiB,
  maxTotalTextLength: 8 * MiB,
});

/** Fills the limits a caller did not give with the defaults. */
export function resolveLimits(overrides?: Partial<CodecLimits>): CodecLimits {
  return { ...defaultLimits, ...overrides };
}

/** Why a message could not be decoded; stable strings for logs, metrics and HTTP mapping. */
export type CodecErrorReason =
  | 'too-large'
  | 'too-deep'
  | 'too-many-elements'
  | 'text-too-long'
  | 'doctype'
  | 'malformed'
  | 'truncated'
  | 'unknown-token'
  | 'unsupported-encoding';

/**
 * A message the codec refuses. The HTTP layer turns it into a 4xx (413 for `too-large`,
 * 415 for `unsupported-encoding`, 400 otherwise): there is no SyncML session to answer in.
 * WBXML adds `truncated` (the input ends inside a token or an open element) and
 * `unknown-token` (a tag or code page no SyncML version defines).
 */
export class CodecError extends Error {
  override readonly name = 'CodecError';

  constructor(
    readonly reason: CodecErrorReason,
    message: string,
  ) {
    super(message);
  }
}

/** Throws `too-large` when `size` exceeds the message limit. */
export function checkMessageSize(size: number, limits: CodecLimits): void {
  if (size > limits.maxBytes) {
    throw new CodecError('too-large', `message of ${size} bytes exceeds the limit of ${limits.maxBytes}`);
  }
}

/**
 * Counts elements and tracks depth while a reader builds a tree, throwing the matching
 * CodecError as soon as a bound is crossed.
 */
export class TreeBudget {
  private elements = 0;
  private totalText = 0;
  private lastText = 0;

  constructor(private readonly limits: CodecLimits) {}

  /** Call when an element opens at `depth` (the root is depth 1). */
  open(depth: number): void {
    if (depth > this.limits.maxDepth) {
      throw new CodecError('too-deep', `elements nested deeper than ${this.limits.maxDepth}`);
    }
    this.elements += 1;
    if (this.elements > this.limits.maxElements) {
      throw new CodecError('too-many-elements', `more than ${this.limits.maxElements} elements`);
    }
    this.lastText = 0;
  }

  /**
   * Call with the accumulated text (or opaque) length of the current element. The total is
   * counted from these running lengths: growth since the last call, or the whole length when
   * it shrank (another element: a parent's text resuming after a child's). That can undercount
   * only by text already counted for a child, so the true total stays below twice the limit.
   */
  text(length: number): void {
    if (length > this.limits.maxTextLength) {
      throw new CodecError('text-too-long', `element content longer than ${this.limits.maxTextLength}`);
    }
    this.totalText += length >= this.lastText ? length - this.lastText : length;
    this.lastText = length;
    if (this.totalText > this.limits.maxTotalTextLength) {
      throw new CodecError('text-too-long', `content of all elements together longer than ${this.limits.maxTotalTextLength}`);
    }
  }
}
