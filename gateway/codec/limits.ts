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
}

/** One mebibyte, for limits. */
export const MiB = 1024 * 1024;

/** The defaults; per-call overrides go through `resolveLimits`. */
export const defaultLimits: Readonly<CodecLimits> = Object.freeze({
  maxBytes: 4 * MiB,
  maxDepth: 32,
  maxElements: 100_000,
  maxTextLength: 4 * MiB,
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
  | 'unsupported-encoding';

/**
 * A message the codec refuses. The HTTP layer turns it into a 4xx (413 for `too-large`,
 * 415 for `unsupported-encoding`, 400 otherwise): there is no SyncML session to answer in.
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
  }

  /** Call with the accumulated text (or opaque) length of the current element. */
  text(length: number): void {
    if (length > this.limits.maxTextLength) {
      throw new CodecError('text-too-long', `element content longer than ${this.limits.maxTextLength}`);
    }
  }
}
