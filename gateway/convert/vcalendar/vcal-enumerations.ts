// The enumerated values vCalendar 1.0 and iCalendar 2.0 spell differently: STATUS, TRANSP, attendee roles.

/** vCalendar 1.0 STATUS (section 2.1.5.26) -> iCalendar STATUS, which depends on the component (RFC 5545 section 3.8.1.11). */
export function icalStatus(vcal: string, component: string): string | undefined {
  const status = vcal.trim().toUpperCase().replace(/[\s_]+/g, '-');
  if (component === 'VTODO') {
    const todo: Record<string, string> = { 'NEEDS-ACTION': 'NEEDS-ACTION', COMPLETED: 'COMPLETED', ACCEPTED: 'IN-PROCESS', 'IN-PROCESS': 'IN-PROCESS', DECLINED: 'CANCELLED', CANCELLED: 'CANCELLED' };
    return todo[status] ?? 'NEEDS-ACTION';
  }
  if (component === 'VEVENT') {
    // Phones send NEEDS ACTION on every event; an event has no such status, so it means none.
    const event: Record<string, string> = { TENTATIVE: 'TENTATIVE', CONFIRMED: 'CONFIRMED', ACCEPTED: 'CONFIRMED', DECLINED: 'CANCELLED', CANCELLED: 'CANCELLED' };
    return event[status];
  }
  return status || undefined;
}

/** iCalendar STATUS -> vCalendar 1.0 STATUS. */
export function vcalStatus(ical: string): string {
  const status = ical.toUpperCase();
  const table: Record<string, string> = { 'NEEDS-ACTION': 'NEEDS ACTION', 'IN-PROCESS': 'ACCEPTED', CANCELLED: 'DECLINED' };
  return table[status] ?? status;
}

/** vCalendar TRANSP is a number, 0 = busy (section 2.1.5.29); some clients write the iCalendar words. */
export function icalTransp(vcal: string): string {
  const value = vcal.trim().toUpperCase();
  if (value === 'OPAQUE' || value === 'TRANSPARENT') return value;
  return /^\d+$/.test(value) && Number(value) > 0 ? 'TRANSPARENT' : 'OPAQUE';
}

/** iCalendar TRANSP -> vCalendar 0/1. */
export function vcalTransp(ical: string): string {
  return ical.toUpperCase() === 'TRANSPARENT' ? '1' : '0';
}

/** Attendee status (vCalendar section 2.1.5.1.2) -> PARTSTAT. */
export function icalPartstat(vcal: string): string {
  const status = vcal.trim().toUpperCase().replace(/[\s_]+/g, '-');
  const table: Record<string, string> = { CONFIRMED: 'ACCEPTED', SENT: 'NEEDS-ACTION' };
  return table[status] ?? status;
}

/** PARTSTAT -> vCalendar attendee status. */
export function vcalAttendeeStatus(partstat: string): string {
  const table: Record<string, string> = { 'NEEDS-ACTION': 'NEEDS ACTION', 'IN-PROCESS': 'NEEDS ACTION' };
  return table[partstat.toUpperCase()] ?? partstat.toUpperCase();
}

/** vCalendar ROLE and EXPECT -> iCalendar ROLE; undefined for the organizer, who is an ORGANIZER property. */
export function icalRole(role: string | undefined, expect: string | undefined): string | undefined {
  const r = role?.toUpperCase();
  if (r === 'ORGANIZER') return undefined;
  if (r === 'OWNER') return 'CHAIR';
  const byExpect: Record<string, string> = { FYI: 'NON-PARTICIPANT', REQUEST: 'OPT-PARTICIPANT', REQUIRE: 'REQ-PARTICIPANT', IMMEDIATE: 'REQ-PARTICIPANT' };
  return byExpect[expect?.toUpperCase() ?? ''] ?? 'REQ-PARTICIPANT';
}

/** iCalendar ROLE -> vCalendar ROLE and EXPECT. */
export function vcalRole(role: string | undefined): { role: string; expect?: string } {
  switch (role?.toUpperCase()) {
    case 'CHAIR':
      return { role: 'OWNER' };
    case 'OPT-PARTICIPANT':
      return { role: 'ATTENDEE', expect: 'REQUEST' };
    case 'NON-PARTICIPANT':
      return { role: 'ATTENDEE', expect: 'FYI' };
    case 'REQ-PARTICIPANT':
      return { role: 'ATTENDEE', expect: 'REQUIRE' };
    default:
      return { role: 'ATTENDEE' };
  }
}
