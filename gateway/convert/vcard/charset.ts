// Decodes the bytes of a quoted-printable value in the charset the CHARSET parameter names.

// WHATWG windows-1252 for 0x80-0x9F; Node 20's TextDecoder decodes that label as plain
// Latin-1 and would turn "€" (0x80) into a control character.
const windows1252High = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte >= 0x80 && byte < 0xa0 ? windows1252High[byte - 0x80]! : byte);
  return text;
}

function decodeAs(label: string, bytes: Uint8Array): string | undefined {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label.trim(), { fatal: true });
  } catch {
    return undefined; // a label TextDecoder does not know
  }
  // ISO-8859-1, US-ASCII and friends are windows-1252 in WHATWG terms, which is what phones mean.
  if (decoder.encoding === 'windows-1252') return decodeWindows1252(bytes);
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined; // bytes not valid in that charset
  }
}

/**
 * Decodes bytes in `charset`; with no charset, an unknown one, or bytes that are not valid in
 * it, UTF-8 is tried and then Windows-1252, the usual charset of phones that do not say.
 */
export function decodeBytes(bytes: Uint8Array, charset: string | undefined): string {
  return (charset ? decodeAs(charset, bytes) : undefined) ?? decodeAs('utf-8', bytes) ?? decodeWindows1252(bytes);
}
