// vNote 1.1 (IrMC) and plain text -> an iCalendar VJOURNAL: SUMMARY the first line, DESCRIPTION the whole body.
import ICAL from 'ical.js';
import type { VersitComponent } from '../versit/parse-versit.ts';
import { splitUnescaped, unescapeText } from '../versit/versit-text.ts';
import { escapeIcalText } from '../vcalendar/ical-text.ts';
import { gatewayProdId } from '../vcalendar/product.ts';
import { icalTimeOf, parseVcalDateTime } from '../vcalendar/vcal-date-time.ts';
import { firstLine, normaliseBreaks } from './note-text.ts';

const times: Record<string, string> = { DCREATED: 'created', CREATED: 'created', 'LAST-MODIFIED': 'last-modified', DTSTAMP: 'dtstamp' };
const textNames: Record<string, string> = { BODY: 'description', SUMMARY: 'summary', CLASS: 'class', UID: 'uid' };

function calendarWith(journal: ICAL.Component): ICAL.Component {
  const calendar = new ICAL.Component('vcalendar');
  calendar.addPropertyWithValue('version', '2.0');
  calendar.addPropertyWithValue('prodid', gatewayProdId);
  calendar.addSubcomponent(journal);
  return calendar;
}

/** A VJOURNAL holding `text`: DESCRIPTION the text, SUMMARY its first line. */
export function journalOfText(text: string): ICAL.Component {
  const journal = new ICAL.Component('vjournal');
  const body = normaliseBreaks(text);
  const title = firstLine(body);
  if (title) journal.addPropertyWithValue('summary', title);
  if (body.trim() !== '') journal.addPropertyWithValue('description', body);
  return calendarWith(journal);
}

/**
 * The VJOURNAL of a parsed vNote: BODY -> DESCRIPTION, SUMMARY (else the body's first line),
 * DCREATED -> CREATED, LAST-MODIFIED, UID and DTSTAMP where the note has them, CATEGORIES,
 * CLASS; X- and other properties are kept as they are.
 */
export function journalOfVNote(note: VersitComponent): ICAL.Component {
  const journal = new ICAL.Component('vjournal');
  const properties = note.properties.filter((p) => p.value.replace(/[;,\s]/g, '') !== '' && p.name !== 'VERSION');
  const body = properties.find((p) => p.name === 'BODY');
  if (!properties.some((p) => p.name === 'SUMMARY') && body) {
    const title = firstLine(normaliseBreaks(unescapeText(body.value)));
    if (title) journal.addPropertyWithValue('summary', title);
  }
  for (const property of properties) {
    const value = property.params.get('ENCODING')?.[0] === 'BASE64' ? undefined : property.value;
    if (value === undefined) continue;
    if (property.name in times) {
      const time = parseVcalDateTime(value);
      if (time) journal.addPropertyWithValue(times[property.name]!, icalTimeOf({ ...time, utc: true, dateOnly: false }));
    } else if (property.name in textNames) {
      journal.addPropertyWithValue(textNames[property.name]!, normaliseBreaks(unescapeText(value)));
    } else if (property.name === 'CATEGORIES') {
      const categories = new ICAL.Property('categories');
      categories.setValues(splitUnescaped(value, ';,').map((v) => unescapeText(v).trim()).filter(Boolean));
      journal.addProperty(categories);
    } else {
      journal.addPropertyWithValue(property.name.toLowerCase(), escapeIcalText(value));
    }
  }
  return calendarWith(journal);
}
