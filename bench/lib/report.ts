// The benchmark's findings: one row per measured (or skipped) comparison, details per scenario,
// printed as an aligned table and written as Markdown with the machine it ran on.
import { formatRatio } from './stats.ts';

export type Verdict = 'met' | 'missed' | 'info' | 'skipped' | 'error';

export interface Row {
  /** Scenario number and part: `1`, `2`, `7a`... */
  id: string;
  what: string;
  /** Median of the subject, formatted. */
  value: string;
  /** What it is compared with and that median, formatted. */
  baseline: string;
  ratio?: number;
  target: string;
  verdict: Verdict;
  /** Ratio missed by, or why skipped / failed. */
  note?: string;
}

/** A ratio checked against "at most `limit`"; `aside` is added to the note either way. */
export function atMost(ratio: number, limit: number, aside?: string): { verdict: Verdict; note?: string } {
  const join = (...parts: (string | undefined)[]) => parts.filter((p) => p !== undefined && p !== '').join('; ');
  if (!Number.isFinite(ratio)) return { verdict: 'error', note: join('no ratio', aside) };
  if (ratio <= limit) return aside === undefined ? { verdict: 'met' } : { verdict: 'met', note: aside };
  return { verdict: 'missed', note: join(`missed by ${((ratio / limit - 1) * 100).toFixed(0)}% (${formatRatio(ratio)} > ${limit}x)`, aside) };
}

export class Report {
  readonly rows: Row[] = [];
  /** Free-form lines per scenario id, for the details section. */
  readonly details = new Map<string, string[]>();

  add(row: Row): void {
    this.rows.push(row);
    console.log(`[bench] ${row.id} ${row.what}: ${row.value} vs ${row.baseline}${row.ratio === undefined ? '' : ` = ${formatRatio(row.ratio)}`} [${row.verdict}${row.note ? `: ${row.note}` : ''}]`);
  }

  skip(id: string, what: string, reason: string, target = ''): void {
    this.add({ id, what, value: '-', baseline: '-', target, verdict: 'skipped', note: reason });
  }

  fail(id: string, what: string, error: unknown, target = ''): void {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    this.add({ id, what, value: '-', baseline: '-', target, verdict: 'error', note: message.slice(0, 300) });
    this.detail(id, `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }

  detail(id: string, line: string): void {
    const lines = this.details.get(id) ?? [];
    lines.push(line);
    this.details.set(id, lines);
  }

  #cells(row: Row): string[] {
    return [
      row.id,
      row.what,
      row.value,
      row.baseline,
      row.ratio === undefined ? '' : formatRatio(row.ratio),
      row.target,
      row.verdict + (row.note ? `: ${row.note}` : ''),
    ];
  }

  static readonly header = ['#', 'measurement', 'median', 'baseline (median)', 'ratio', 'target', 'verdict'];

  sortedRows(): Row[] {
    const key = (id: string) => [parseInt(id, 10), id] as const;
    return [...this.rows].sort((a, b) => {
      const [na, sa] = key(a.id);
      const [nb, sb] = key(b.id);
      return na !== nb ? na - nb : sa < sb ? -1 : sa > sb ? 1 : 0;
    });
  }

  /** Fixed-width text table for the console. */
  text(): string {
    const rows = [Report.header, ...this.sortedRows().map((r) => this.#cells(r))];
    const widths = Report.header.map((_, i) => Math.min(i === 6 ? 80 : 60, Math.max(...rows.map((r) => (r[i] ?? '').length))));
    return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
  }

  markdownTable(): string {
    const escape = (s: string) => s.replace(/\|/g, '\\|');
    const lines = [`| ${Report.header.join(' | ')} |`, `|${Report.header.map(() => '---').join('|')}|`];
    for (const row of this.sortedRows()) lines.push(`| ${this.#cells(row).map(escape).join(' | ')} |`);
    return lines.join('\n');
  }

  markdownDetails(): string {
    const ids = [...this.details.keys()].sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || (a < b ? -1 : 1));
    return ids.map((id) => [`### ${id}`, '', ...(this.details.get(id) ?? []).map((l) => `- ${l}`), ''].join('\n')).join('\n');
  }
}
