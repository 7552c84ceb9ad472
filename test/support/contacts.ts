// Generated contacts for integration tests: vCard 2.1 (phone style) and 3.0, each with the
// fields that must survive the gateway (names, phones, e-mails, addresses, notes).

export interface TestContact {
  family: string;
  given: string;
  phone: string;
  email: string;
  street: string;
  city: string;
  note: string;
}

export function testContact(i: number, tag = 'Contact'): TestContact {
  const n = String(i).padStart(3, '0');
  return {
    family: `${tag}${n}`,
    given: i % 3 === 0 ? 'Jürgen' : 'Anna',
    phone: `+49 170 555${n}`,
    email: `c${n}@example.net`,
    street: `Hauptstraße ${i}`,
    city: 'Köln',
    note: `Note for ${n}, with an accent: café`,
  };
}

export function vcard30(c: TestContact): string {
  return [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `N:${c.family};${c.given};;;`,
    `FN:${c.given} ${c.family}`,
    `TEL;TYPE=CELL:${c.phone}`,
    `EMAIL;TYPE=INTERNET:${c.email}`,
    `ADR;TYPE=HOME:;;${c.street};${c.city};;50667;Germany`,
    `NOTE:${c.note.replace(/,/g, '\\,')}`,
    'END:VCARD',
    '',
  ].join('\r\n');
}

/** vCard 2.1 as phones write it: bare TYPE parameters, quoted-printable UTF-8 for non-ASCII. */
export function vcard21(c: TestContact): string {
  const qp = (s: string): string =>
    [...Buffer.from(s, 'utf8')].map((b) => (b >= 33 && b <= 126 && b !== 61 ? String.fromCharCode(b) : b === 32 ? ' ' : `=${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
  return [
    'BEGIN:VCARD',
    'VERSION:2.1',
    `N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${qp(c.family)};${qp(c.given)};;;`,
    `FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${qp(`${c.given} ${c.family}`)}`,
    `TEL;CELL:${c.phone}`,
    `EMAIL;INTERNET:${c.email}`,
    `ADR;HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;${qp(c.street)};${qp(c.city)};;50667;Germany`,
    `NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${qp(c.note)}`,
    'END:VCARD',
    '',
  ].join('\r\n');
}

/** Unfolds a vCard (3.0 folding, 2.1 quoted-printable soft breaks) and decodes QP values. */
export function unfoldVCard(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').replace(/=\n/g, '').replace(/\n[ \t]/g, '').split('\n');
  return lines.map((line) => {
    if (!/ENCODING=QUOTED-PRINTABLE/i.test(line)) return line;
    const colon = line.indexOf(':');
    const value = line.slice(colon + 1).replace(/((?:=[0-9A-F]{2})+)/gi, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));
    return `${line.slice(0, colon)}:${value}`;
  });
}

/** Whether a vCard text (any version) carries every field of `c`. */
export function carriesContact(text: string, c: TestContact): boolean {
  const lines = unfoldVCard(text);
  const value = (prefix: string): string[] => lines.filter((l) => l.toUpperCase().startsWith(prefix)).map((l) => l.slice(l.indexOf(':') + 1));
  const has = (prefix: string, needle: string): boolean => value(prefix).some((v) => v.replace(/\\,/g, ',').includes(needle));
  return (
    has('N', `${c.family};${c.given}`) &&
    has('TEL', c.phone) &&
    has('EMAIL', c.email) &&
    has('ADR', `${c.street};${c.city}`) &&
    has('NOTE', c.note)
  );
}

/** The family name (N's first component) of a vCard, or undefined. */
export function familyName(text: string): string | undefined {
  const n = unfoldVCard(text).find((l) => /^N[;:]/i.test(l));
  return n?.slice(n.indexOf(':') + 1).split(';')[0];
}
