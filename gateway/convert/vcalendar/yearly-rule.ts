// The "nth weekday of the month" rules that daylight saving changes follow (RFC 5545 section 3.6.5 examples).

const weekdays = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The BYDAY value that names `day` of `month` in `year`: `-1SU` when it falls in the month's
 * last seven days (the usual "last Sunday" of the EU rules), else `2SU` and the like.
 */
export function weekdayRuleOf(year: number, month: number, day: number): string {
  const weekday = weekdays[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
  return day + 7 > daysInMonth(year, month) ? `-1${weekday}` : `${Math.ceil(day / 7)}${weekday}`;
}

/** The day of `month` in `year` that a BYDAY value such as `-1SU` or `2SU` names. */
export function dayOfWeekdayRule(year: number, month: number, rule: string): number {
  const match = /^(-?\d)([A-Z]{2})$/.exec(rule);
  const weekday = weekdays.indexOf((match?.[2] ?? 'SU') as (typeof weekdays)[number]);
  const n = Number(match?.[1] ?? 1);
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const firstMatch = 1 + ((weekday - first + 7) % 7);
  if (n > 0) return firstMatch + 7 * (n - 1);
  const last = daysInMonth(year, month);
  const lastWeekday = new Date(Date.UTC(year, month - 1, last)).getUTCDay();
  return last - ((lastWeekday - weekday + 7) % 7) + 7 * (n + 1);
}
