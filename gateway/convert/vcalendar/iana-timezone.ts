// VTIMEZONE definitions for IANA zone names (RFC 5545 section 3.6.5), computed from the zone data Node ships.
import ICAL from 'ical.js';
import { offsetTransitions, type OffsetTransition } from './offset-transitions.ts';
import { weekdayRuleOf } from './yearly-rule.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat | undefined {
  let formatter = formatters.get(zone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      return undefined; // not a zone Intl knows
    }
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Minutes east of UTC in `zone` at `ms`. */
function offsetIn(zone: string, ms: number): number {
  const name = formatterFor(zone)?.formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{1,2}):?(\d{2})?/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3] ?? 0));
}

/**
 * The IANA zone a TZID stands for: the TZID itself, or the tail of a prefixed one such as
 * Evolution's `/freeassociation.sourceforge.net/Tzfile/Europe/Berlin`.
 */
export function ianaZoneOf(tzid: string): string | undefined {
  const parts = tzid.split('/').filter(Boolean);
  const candidates = [tzid, parts.slice(-3).join('/'), parts.slice(-2).join('/')];
  for (const candidate of candidates) {
    if (candidate.includes('/') || candidate === tzid) {
      const formatter = formatterFor(candidate);
      if (formatter) return formatter.resolvedOptions().timeZone;
    }
  }
  return undefined;
}

interface Onset {
  kind: 'standard' | 'daylight';
  transition: OffsetTransition;
  /** Wall clock time just before the change (RFC 5545: DTSTART of an observance is in TZOFFSETFROM). */
  local: Date;
  rule: string;
}

/** Consecutive yearly onsets of one kind that follow one rule: one observance with an RRULE. */
interface Era {
  onsets: Onset[];
  by: 'byday' | 'bymonthday' | undefined;
}

function onsetOf(transition: OffsetTransition): Onset {
  const local = new Date(transition.at + transition.from * 60_000);
  const kind = transition.to > transition.from ? 'daylight' : 'standard';
  return { kind, transition, local, rule: weekdayRuleOf(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()) };
}

function continues(era: Era, onset: Onset): Era['by'] | false {
  const last = era.onsets.at(-1)!;
  const same =
    last.kind === onset.kind &&
    last.transition.from === onset.transition.from &&
    last.transition.to === onset.transition.to &&
    last.local.getUTCFullYear() + 1 === onset.local.getUTCFullYear() &&
    last.local.getUTCMonth() === onset.local.getUTCMonth() &&
    last.local.getUTCHours() === onset.local.getUTCHours() &&
    last.local.getUTCMinutes() === onset.local.getUTCMinutes();
  if (!same) return false;
  if (era.by !== 'bymonthday' && last.rule === onset.rule) return 'byday';
  if (era.by !== 'byday' && last.local.getUTCDate() === onset.local.getUTCDate()) return 'bymonthday';
  return false;
}

function localTime(date: Date): ICAL.Time {
  return ICAL.Time.fromData({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: 0,
  });
}

function observance(kind: string, start: Date, from: number, to: number): ICAL.Component {
  const component = new ICAL.Component(kind);
  component.addPropertyWithValue('dtstart', localTime(start));
  component.addPropertyWithValue('tzoffsetfrom', ICAL.UtcOffset.fromSeconds(from * 60));
  component.addPropertyWithValue('tzoffsetto', ICAL.UtcOffset.fromSeconds(to * 60));
  return component;
}

function eraObservance(era: Era, open: boolean): ICAL.Component {
  const first = era.onsets[0]!;
  const last = era.onsets.at(-1)!;
  const component = observance(first.kind, first.local, first.transition.from, first.transition.to);
  if (era.onsets.length > 1 || open) {
    const month = first.local.getUTCMonth() + 1;
    const by = era.by === 'bymonthday' ? { bymonthday: [first.local.getUTCDate()] } : { byday: [first.rule] };
    const until = open ? {} : { until: ICAL.Time.fromJSDate(new Date(last.transition.at), true) };
    component.addPropertyWithValue('rrule', ICAL.Recur.fromData({ freq: 'YEARLY', bymonth: [month], ...by, ...until }));
  }
  return component;
}

/**
 * A VTIMEZONE for `tzid` covering `firstYear`..`lastYear`, or undefined when the TZID names no
 * zone Node knows. Each run of yearly changes that follow one rule becomes one observance with
 * an RRULE (the last run open-ended, so recurrences past `lastYear` keep their wall-clock time);
 * the offset in force on 1 January of `firstYear` is the first observance.
 */
export function ianaTimezone(tzid: string, firstYear: number, lastYear: number): ICAL.Component | undefined {
  const key = `${tzid}|${firstYear}|${lastYear}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached === null ? undefined : new ICAL.Component(structuredClone(cached));
  const built = buildTimezone(tzid, firstYear, lastYear);
  if (cache.size >= cacheLimit) cache.clear();
  cache.set(key, built ? (structuredClone(built.toJSON()) as unknown[]) : null);
  return built;
}

const cacheLimit = 500;
const cache = new Map<string, unknown[] | null>();

function buildTimezone(tzid: string, firstYear: number, lastYear: number): ICAL.Component | undefined {
  const zone = ianaZoneOf(tzid);
  if (!zone) return undefined;
  const start = Date.UTC(firstYear, 0, 1);
  const transitions = offsetTransitions((ms) => offsetIn(zone, ms), start, Date.UTC(lastYear + 1, 0, 1));
  const vtimezone = new ICAL.Component('vtimezone');
  vtimezone.addPropertyWithValue('tzid', tzid);
  const initial = offsetIn(zone, start);
  const startsInDaylight = transitions[0] !== undefined && transitions[0].to < transitions[0].from;
  vtimezone.addSubcomponent(observance(startsInDaylight ? 'daylight' : 'standard', new Date(start), initial, initial));
  const eras: Era[] = [];
  const lastOfKind = (kind: Onset['kind']): Era | undefined => eras.filter((era) => era.onsets[0]!.kind === kind).at(-1);
  for (const onset of transitions.map(onsetOf)) {
    const era = lastOfKind(onset.kind);
    const by = era ? continues(era, onset) : false;
    if (era && by) {
      era.onsets.push(onset);
      era.by = by;
    } else {
      eras.push({ onsets: [onset], by: undefined });
    }
  }
  for (const era of eras) {
    const open = era.onsets.at(-1)!.local.getUTCFullYear() === lastYear && era === lastOfKind(era.onsets[0]!.kind);
    vtimezone.addSubcomponent(eraObservance(era, open));
  }
  return vtimezone;
}
