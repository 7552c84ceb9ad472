// Makes sure every TZID an object uses has its VTIMEZONE (RFC 5545 section 3.2.19), as CalDAV servers require.
import { ianaTimezone } from './iana-timezone.ts';
import { eachProperty, tzidOf, type JCalComponent } from './jcal.ts';

function definedZones(calendar: JCalComponent): Set<string> {
  const zones = new Set<string>();
  for (const component of calendar[2]) {
    if (component[0] !== 'vtimezone') continue;
    const tzid = component[1].find((property) => property[0] === 'tzid')?.[3];
    if (typeof tzid === 'string') zones.add(tzid);
  }
  return zones;
}

/** The years of the date-time values written with each TZID, outside VTIMEZONEs. */
function usedZones(calendar: JCalComponent): Map<string, number[]> {
  const used = new Map<string, number[]>();
  for (const component of calendar[2]) {
    if (component[0] === 'vtimezone') continue;
    eachProperty(component, (property) => {
      const tzid = tzidOf(property);
      if (tzid === undefined) return;
      const years = used.get(tzid) ?? [];
      for (const value of property.slice(3)) {
        const year = typeof value === 'string' ? Number.parseInt(value.slice(0, 4), 10) : NaN;
        if (!Number.isNaN(year)) years.push(year);
      }
      used.set(tzid, years);
    });
  }
  return used;
}

/** Recurring series get zone rules up to this year, so later occurrences keep their wall-clock time. */
const recurrenceHorizon = 2037;

function recurs(calendar: JCalComponent): boolean {
  let found = false;
  eachProperty(calendar, (property) => {
    if (property[0] === 'rrule' || property[0] === 'rdate') found = true;
  });
  return found;
}

/**
 * Adds a VTIMEZONE, made from Node's zone data, for each TZID that has none, placed before the
 * items; it covers the years the item's times fall in (up to 2037 for recurring items). A TZID
 * that names no known zone is removed, leaving floating (local) time, the closest meaning left.
 * Returns the calendar (changed in place).
 */
export function completeTimezones(calendar: JCalComponent): JCalComponent {
  const defined = definedZones(calendar);
  const unknown = new Set<string>();
  const added: JCalComponent[] = [];
  for (const [tzid, years] of usedZones(calendar)) {
    if (defined.has(tzid)) continue;
    const first = years.length > 0 ? Math.min(...years) : recurrenceHorizon;
    const last = Math.max(first, ...years, recurs(calendar) ? recurrenceHorizon : first);
    const zone = ianaTimezone(tzid, first, last);
    if (zone) added.push(zone.toJSON() as JCalComponent);
    else unknown.add(tzid);
  }
  if (unknown.size > 0) {
    eachProperty(calendar, (property) => {
      const tzid = tzidOf(property);
      if (tzid !== undefined && unknown.has(tzid)) delete property[1].tzid;
    });
  }
  calendar[2].unshift(...added);
  return calendar;
}
