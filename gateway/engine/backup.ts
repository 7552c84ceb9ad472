// `backup` sessions: each incoming item becomes a file `<prefix>YYYYMMDD<NNNN>.<ext>` in the
// user's backup folder; the counter is per account and restarts each day (UTC).
import { StatusCode } from '../protocol/codes.ts';
import type { ContentFormat } from '../convert/formats.ts';
import type { MessageContext } from './context.ts';
import type { StoreSession } from './session-state.ts';

const counterTtlMs = 3 * 24 * 3600 * 1000;

export function backupDay(now: Date): string {
  return now.toISOString().slice(0, 10).replace(/-/g, '');
}

/** The extension by content: vCard .vcf, iCalendar/vCalendar .ics, mail .eml, else text. */
export function backupExtension(data: string, ss: StoreSession, format: ContentFormat): string {
  const head = data.trimStart().slice(0, 40).toUpperCase();
  if (head.startsWith('BEGIN:VCARD')) return 'vcf';
  if (head.startsWith('BEGIN:VCALENDAR')) return 'ics';
  if (ss.kind === 'mail') return 'eml';
  if (ss.kind === 'notes' && !head.startsWith('BEGIN:')) return 'txt';
  return format.extension;
}

export async function backupItem(op: string, data: string, type: string, ss: StoreSession, format: ContentFormat, ctx: MessageContext): Promise<number> {
  if (op === 'Delete') return StatusCode.ok;
  const sink = ctx.deps.backup;
  if (sink === undefined) {
    ctx.log.error({ store: ss.serverURI }, 'backup requested but no backup store is configured');
    return StatusCode.serviceUnavailable;
  }
  const day = backupDay(ctx.deps.clock.now());
  const key = `backup-counter:${ctx.session.user ?? ''}:${day}`;
  const counter = ((await ctx.deps.state.get<number>(key)) ?? 0) + 1;
  await ctx.deps.state.set(key, counter, counterTtlMs);
  const name = `${ss.backupPrefix ?? ''}${day}${String(counter).padStart(4, '0')}.${backupExtension(data, ss, format)}`;
  await sink.save(ctx.credentials, ctx.deps.options.backupFolder, { name, contentType: type, content: data }, ctx.session.deviceId);
  ss.stats.backedUp++;
  ctx.log.info({ store: ss.serverURI, file: name, folder: ctx.deps.options.backupFolder }, 'item backed up');
  return op === 'Add' ? StatusCode.itemAdded : StatusCode.ok;
}
