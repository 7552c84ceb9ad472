// The one error a converter throws for data it cannot read; the engine maps it to an item status.

/**
 * Why an item could not be converted:
 * - `unsupported-format`: the data is not the declared kind of object at all (SyncML 415);
 * - `malformed`: it is that kind of object but broken beyond repair (SyncML 400).
 */
export type ConvertErrorKind = 'unsupported-format' | 'malformed';

/** Thrown by the converters; `message` is meant to be shown to a human (logs, status items). */
export class ConvertError extends Error {
  constructor(
    readonly kind: ConvertErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ConvertError';
  }
}
