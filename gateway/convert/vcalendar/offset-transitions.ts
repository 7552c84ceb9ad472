// Finds the instants where a time zone's UTC offset changes, from any "offset at instant" function.

/** One change of UTC offset: at `at` (ms since the epoch, UTC) from `from` to `to` minutes east of UTC. */
export interface OffsetTransition {
  at: number;
  from: number;
  to: number;
}

const minute = 60_000;
const step = 3 * 24 * 60 * minute; // no zone changes its offset twice within three days

/**
 * The offset changes in [start, end), found by sampling every three days and narrowing each
 * change down to the minute. Offsets are minutes east of UTC.
 */
export function offsetTransitions(offsetAt: (ms: number) => number, start: number, end: number): OffsetTransition[] {
  const transitions: OffsetTransition[] = [];
  let before = start;
  let beforeOffset = offsetAt(before);
  while (before < end) {
    const after = Math.min(before + step, end);
    const afterOffset = offsetAt(after);
    if (afterOffset !== beforeOffset) {
      let low = before;
      let high = after;
      while (high - low > minute) {
        const middle = low + Math.floor((high - low) / 2 / minute) * minute;
        if (offsetAt(middle) === beforeOffset) low = middle;
        else high = middle;
      }
      transitions.push({ at: high, from: beforeOffset, to: offsetAt(high) });
    }
    before = after;
    beforeOffset = afterOffset;
  }
  return transitions;
}

/** The UTC offset `minutes` as iCalendar writes it in observances: `+0100`, `-0530`. */
export function formatOffset(minutes: number, separator = ''): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${separator}${String(abs % 60).padStart(2, '0')}`;
}
