// Collecting repeated sync measurements and turning them into medians and detail lines.
import type { SyncMeasurement } from '../lib/device.ts';
import { formatBytes, formatMs, formatRuns, median } from '../lib/stats.ts';

/** The three clocks of a SyncEvolution-driven sync. */
export type Clock = 'wall' | 'exchange' | 'server';

export class SyncSeries {
  readonly measurements: SyncMeasurement[] = [];

  constructor(readonly label: string) {}

  add(m: SyncMeasurement): void {
    this.measurements.push(m);
  }

  values(clock: Clock): number[] {
    return this.measurements.map((m) => (clock === 'wall' ? m.wallMs : clock === 'exchange' ? m.exchange.exchangeMs : m.exchange.serverMs));
  }

  median(clock: Clock): number {
    return median(this.values(clock));
  }

  /** One line for the details: the runs on every clock, messages and bytes. */
  describe(): string {
    const last = this.measurements[this.measurements.length - 1];
    const traffic = last
      ? `; ${last.exchange.messages} messages, ${formatBytes(last.exchange.requestBytes)} up, ${formatBytes(last.exchange.responseBytes)} down`
      : '';
    return (
      `${this.label}: wall ${formatRuns(this.values('wall'))} (median ${formatMs(this.median('wall'))}); ` +
      `HTTP exchange ${formatRuns(this.values('exchange'))} (median ${formatMs(this.median('exchange'))}); ` +
      `server time ${formatRuns(this.values('server'))} (median ${formatMs(this.median('server'))})${traffic}`
    );
  }
}

/** Plain timed runs (baselines without SyncML). */
export class TimeSeries {
  readonly values: number[] = [];

  constructor(readonly label: string) {}

  add(ms: number): void {
    this.values.push(ms);
  }

  median(): number {
    return median(this.values);
  }

  describe(): string {
    return `${this.label}: ${formatRuns(this.values)} (median ${formatMs(this.median())})`;
  }
}

export async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

export interface RoundsDone {
  done: number;
  /** True when the budget, not the count, ended the rounds. */
  cut: boolean;
}

/**
 * Runs `round(1..max)` while the next round is expected to fit in `budgetS` seconds (the longest
 * round so far is the estimate); at least one round always runs.
 */
export async function rounds(max: number, budgetS: number, round: (i: number) => Promise<void>): Promise<RoundsDone> {
  const start = performance.now();
  let longest = 0;
  for (let i = 1; i <= max; i++) {
    const elapsed = performance.now() - start;
    if (i > 1 && elapsed + longest > budgetS * 1000) return { done: i - 1, cut: true };
    const t = performance.now();
    await round(i);
    longest = Math.max(longest, performance.now() - t);
  }
  return { done: max, cut: false };
}

export function describeRounds(r: RoundsDone, budgetS: number): string {
  return `${r.done} rounds${r.cut ? ` (cut short by the ${budgetS} s budget)` : ''}, interleaved`;
}
