// Keeps on the server what a device cannot store: when a device sends back an event, task or
// journal entry, what it cannot hold (by its CTCap and by its format) comes from the stored copy.
import ICAL from 'ical.js';
import type { JCalComponent } from './jcal.ts';
import { readICalendar } from './read-icalendar.ts';
import { completeTimezones } from './timezones.ts';
import { epochMs } from './vcal-date-time.ts';

/** What a device holds of an item, and so sends back when the user changes it. */
export interface MergeRules {
  /** Whether the device holds property `name` (upper case, iCalendar name). */
  carries(name: string): boolean;
  /** Whether it holds alarms (VALARM) of this ACTION (upper case). */
  carriesAlarm(action: string): boolean;
  /** Whether it holds overridden occurrences (components with a RECURRENCE-ID). */
  carriesOverrides: boolean;
  /**
   * Whether the device was sent the overridden occurrences' dates as EXDATEs instead (vCalendar
   * 1.0): those come back from it and are ours, not occurrences the user deleted.
   */
  overridesSentAsExdates?: boolean;
}

const itemNames = new Set(['vevent', 'vtodo', 'vjournal']);
/** Say which version of the item this is, not what it holds: always the incoming copy's. */
const versionProperties = new Set(['UID', 'DTSTAMP', 'LAST-MODIFIED', 'RECURRENCE-ID']);
/** RFC 5545 allows one of each pair: when the device sent one, the stored other one goes. */
const exclusive = [['DTEND', 'DURATION'], ['DUE', 'DURATION']];
/** Calendar-level properties the incoming copy always sets itself. */
const calendarOwn = new Set(['VERSION', 'PRODID', 'METHOD']);

const clone = <T extends ICAL.Property | ICAL.Component>(part: T): T =>
  (part instanceof ICAL.Property ? new ICAL.Property(structuredClone(part.toJSON())) : new ICAL.Component(structuredClone(part.toJSON()))) as T;

const upper = (name: string): string => name.toUpperCase();

function actionOf(alarm: ICAL.Component): string {
  return upper(String(alarm.getFirstPropertyValue('action') ?? ''));
}

/**
 * `incoming` (changed in place) with the stored properties and alarms the device does not
 * hold added back. What the device holds comes from `incoming` only, so a field cleared on the
 * device is cleared here too; what it sent is taken from it even when its CTCap forgot it.
 */
function mergeComponent(stored: ICAL.Component, incoming: ICAL.Component, rules: MergeRules): void {
  const present = new Set(incoming.getAllProperties().map((p) => upper(p.name)));
  const blocked = new Set(present);
  for (const group of exclusive) if (group.some((name) => present.has(name))) for (const name of group) blocked.add(name);
  for (const property of stored.getAllProperties()) {
    const name = upper(property.name);
    if (blocked.has(name) || versionProperties.has(name) || rules.carries(name)) continue;
    incoming.addProperty(clone(property));
  }
  const sentActions = new Set(incoming.getAllSubcomponents('valarm').map(actionOf));
  const sentComponents = new Set(incoming.getAllSubcomponents().map((c) => c.name));
  for (const child of stored.getAllSubcomponents()) {
    const keep = child.name === 'valarm' ? !sentActions.has(actionOf(child)) && !rules.carriesAlarm(actionOf(child)) : !sentComponents.has(child.name);
    if (keep) incoming.addSubcomponent(clone(child));
  }
}

/** The instant a RECURRENCE-ID, EXDATE or RDATE value stands for, comparable across zones. */
function instantOf(value: unknown): number | undefined {
  return value instanceof ICAL.Time ? epochMs(value) : undefined;
}

function recurrenceKey(item: ICAL.Component): number | undefined {
  return instantOf(item.getFirstPropertyValue('recurrence-id'));
}

function excludedInstants(master: ICAL.Component): Set<number> {
  const instants = master.getAllProperties('exdate').flatMap((p) => p.getValues()).map(instantOf);
  return new Set(instants.filter((i): i is number => i !== undefined));
}

/** Takes the EXDATEs we added for `overrides` out of the master the device sent back. */
function dropOwnExdates(master: ICAL.Component, storedMaster: ICAL.Component, overrides: ICAL.Component[]): void {
  const excludedBefore = excludedInstants(storedMaster);
  const ours = new Set(overrides.map(recurrenceKey).filter((key) => key !== undefined && !excludedBefore.has(key)));
  if (ours.size === 0) return;
  for (const property of master.getAllProperties('exdate')) {
    const [name, params, type, ...values] = property.toJSON() as [string, Record<string, unknown>, string, ...unknown[]];
    const instants = property.getValues().map(instantOf);
    const kept = values.filter((_, index) => !ours.has(instants[index] ?? NaN));
    if (kept.length === values.length) continue;
    master.removeProperty(property);
    if (kept.length > 0) master.addProperty(new ICAL.Property([name, params, type, ...kept] as never));
  }
}

function tzidsUsed(component: ICAL.Component, into: Set<string>): Set<string> {
  for (const property of component.getAllProperties()) {
    const tzid = property.getParameter('tzid');
    if (typeof tzid === 'string') into.add(tzid);
  }
  for (const child of component.getAllSubcomponents()) tzidsUsed(child, into);
  return into;
}

/**
 * The stored overridden occurrences the device cannot hold, for the merged `master`: kept while
 * the series still recurs, except those on a date the device has now excluded (deleted there).
 */
function keptOverrides(stored: ICAL.Component[], sent: ICAL.Component[], master: ICAL.Component, rules: MergeRules): ICAL.Component[] {
  if (rules.carriesOverrides) return [];
  if (!master.hasProperty('rrule') && !master.hasProperty('rdate')) return [];
  const sentKeys = new Set(sent.map(recurrenceKey));
  const excluded = excludedInstants(master);
  return stored.filter((item) => {
    const key = recurrenceKey(item);
    return key !== undefined && !sentKeys.has(key) && !excluded.has(key);
  });
}

/**
 * Merges two calendar objects holding one item each (its master and overridden occurrences):
 * the device's copy (`incoming`, already iCalendar 2.0) with what the device does not hold taken
 * from `stored`. Each component meets its stored counterpart (the master, or the override of the
 * same RECURRENCE-ID); the stored calendar-level properties the incoming copy lacks stay; every
 * TZID in the result has its VTIMEZONE (the incoming copy's, else the stored one). When the two
 * are not the same kind of item, or the stored copy cannot be read, `incoming` is returned.
 */
export function mergeCalendarObjects(stored: ICAL.Component, incoming: ICAL.Component, rules: MergeRules): ICAL.Component {
  const itemsOf = (calendar: ICAL.Component) => calendar.getAllSubcomponents().filter((c) => itemNames.has(c.name));
  const storedItems = itemsOf(stored);
  const sentItems = itemsOf(incoming);
  const storedMaster = storedItems.find((c) => !c.hasProperty('recurrence-id'));
  const sentMaster = sentItems.find((c) => !c.hasProperty('recurrence-id'));
  if (storedMaster === undefined || sentMaster === undefined || storedMaster.name !== sentMaster.name) return incoming;

  const storedOverrides = storedItems.filter((c) => c !== storedMaster && c.name === storedMaster.name);
  if (rules.overridesSentAsExdates) dropOwnExdates(sentMaster, storedMaster, storedOverrides);
  mergeComponent(storedMaster, sentMaster, rules);
  const sentOverrides = sentItems.filter((c) => c !== sentMaster);
  for (const sent of sentOverrides) {
    const key = recurrenceKey(sent);
    const counterpart = storedOverrides.find((c) => key !== undefined && recurrenceKey(c) === key);
    if (counterpart) mergeComponent(counterpart, sent, rules);
  }
  const uid = sentMaster.getFirstPropertyValue('uid');
  for (const override of keptOverrides(storedOverrides, sentOverrides, sentMaster, rules)) {
    const copy = clone(override);
    if (typeof uid === 'string') copy.updatePropertyWithValue('uid', uid);
    incoming.addSubcomponent(copy);
  }

  const sentNames = new Set(incoming.getAllProperties().map((p) => upper(p.name)));
  for (const property of stored.getAllProperties()) {
    if (!calendarOwn.has(upper(property.name)) && !sentNames.has(upper(property.name))) incoming.addProperty(clone(property));
  }

  const used = new Set<string>();
  for (const item of itemsOf(incoming)) tzidsUsed(item, used);
  const defined = new Set(incoming.getAllSubcomponents('vtimezone').map((z) => String(z.getFirstPropertyValue('tzid'))));
  for (const zone of stored.getAllSubcomponents('vtimezone')) {
    const tzid = String(zone.getFirstPropertyValue('tzid'));
    if (used.has(tzid) && !defined.has(tzid)) {
      incoming.addSubcomponent(clone(zone));
      defined.add(tzid);
    }
  }
  const jcal = completeTimezones(structuredClone(incoming.toJSON()) as JCalComponent);
  jcal[2] = [...jcal[2].filter((c) => c[0] === 'vtimezone'), ...jcal[2].filter((c) => c[0] !== 'vtimezone')];
  return new ICAL.Component(jcal as never);
}

/** `mergeCalendarObjects` on iCalendar text; `incoming` as it is when `stored` cannot be read. */
export function mergeCalendarText(stored: string, incoming: string, rules: MergeRules, adjust?: (stored: ICAL.Component, incoming: ICAL.Component) => void): string {
  let storedCalendar: ICAL.Component;
  try {
    storedCalendar = readICalendar(stored);
  } catch {
    return incoming;
  }
  const incomingCalendar = readICalendar(incoming);
  adjust?.(storedCalendar, incomingCalendar);
  return `${mergeCalendarObjects(storedCalendar, incomingCalendar, rules).toString()}\r\n`;
}
