// Whether two stored items (vCard 3.0/4.0, iCalendar 2.0) say the same thing. Text equality is
// not enough: servers re-serialise what they store (Radicale sorts the properties), and clients
// stamp REV or DTSTAMP on every send, so every slow-sync match would look like a conflict.

/** Properties that record when or by what an item was written, not what it says. */
const stamps = new Set(['REV', 'PRODID', 'DTSTAMP', 'LAST-MODIFIED']);

export function sameVersitContent(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

/** Unfolded lines, stamps left out, each component's lines sorted (components keep their nesting). */
function canonical(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n[ \t]/g, '').split('\n');
  const open: string[][] = [[]];
  for (const line of lines) {
    if (line.trim() === '') continue;
    const name = (/^[^;:]*/.exec(line)?.[0] ?? '').toUpperCase();
    if (name === 'BEGIN') {
      open.push([line.toUpperCase()]);
    } else if (name === 'END' && open.length > 1) {
      const [begin = '', ...body] = open.pop()!;
      open.at(-1)!.push([begin, ...body.sort(), line.toUpperCase()].join('\n'));
    } else if (!stamps.has(name.replace(/^.*\./, ''))) {
      open.at(-1)!.push(line);
    }
  }
  while (open.length > 1) {
    const body = open.pop()!;
    open.at(-1)!.push(body.sort().join('\n'));
  }
  return open[0]!.sort().join('\n');
}
