// Normalises parameters of every vCard version to the model: TYPE lists, VALUE, no transfer encodings.
import type { RawParam } from './content-line.ts';
import type { VCardVersion } from './model.ts';

/** How the raw value is encoded on the wire. */
export type TransferEncoding = 'quoted-printable' | 'base64' | undefined;

/** The model's parameters plus how to decode the value. */
export interface NormalisedParams {
  params: Map<string, string[]>;
  encoding: TransferEncoding;
  charset: string | undefined;
}

const encodingTokens: Record<string, TransferEncoding> = {
  'QUOTED-PRINTABLE': 'quoted-printable',
  BASE64: 'base64',
  B: 'base64',
  '8BIT': undefined,
  '7BIT': undefined,
};

function add(params: Map<string, string[]>, name: string, values: readonly string[]): void {
  const list = params.get(name) ?? [];
  for (const value of values) if (!list.includes(value)) list.push(value);
  params.set(name, list);
}

/**
 * - 2.1 bare values become TYPE values (`TEL;CELL;VOICE` -> TYPE=CELL,VOICE), except the
 *   encodings (`;QUOTED-PRINTABLE`, `;BASE64`) which are 2.1 shorthand for ENCODING=.
 * - `TYPE=a,b` and `TYPE=a;TYPE=b` both give TYPE [a, b]; 4.0's quoted `TYPE="a,b"` too.
 * - ENCODING and CHARSET are taken out: the value is decoded with them.
 * - VALUE=URL (2.1) becomes VALUE=uri (3.0); VALUE=INLINE, the 2.1 default, is dropped.
 * - 4.0 PREF=n becomes TYPE=PREF (3.0 has no preference order).
 */
export function normaliseParams(raw: readonly RawParam[], version: VCardVersion): NormalisedParams {
  const params = new Map<string, string[]>();
  let encoding: TransferEncoding;
  let charset: string | undefined;
  for (const { name, values } of raw) {
    const upper = values.map((value) => value.toUpperCase());
    if (name === undefined || name === 'ENCODING') {
      const token = upper[0] ?? '';
      if (token in encodingTokens) {
        encoding = encodingTokens[token];
        continue;
      }
      if (name === 'ENCODING') continue; // an unknown encoding: take the value as it is
    }
    if (name === 'CHARSET') {
      charset = values[0];
      continue;
    }
    if (name === undefined || name === 'TYPE') {
      add(params, 'TYPE', values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean));
    } else if (name === 'VALUE') {
      if (upper[0] === 'INLINE') continue;
      add(params, 'VALUE', upper[0] === 'URL' ? ['uri'] : values);
    } else if (name === 'PREF' && version === '4.0') {
      add(params, 'TYPE', ['PREF']);
    } else {
      add(params, name, values);
    }
  }
  return { params, encoding, charset };
}
