// One table from HTTP answers of a DAV server to StoreError kinds.
import { StoreError, type StoreErrorKind } from '../../gateway/ports/data-store.ts';
import { errorConditions } from './multistatus.ts';

/** Preconditions (RFC 4918 §16, RFC 6352 §6.3.2.1, RFC 4791 §5.3.2.1) that say more than the status. */
const conditionKinds: Record<string, { kind: StoreErrorKind; reason: string }> = {
  'no-uid-conflict': { kind: 'conflict', reason: 'an item with the same UID already exists in the collection' },
  'max-resource-size': { kind: 'too-large', reason: 'the item is larger than the server accepts' },
  'quota-not-exceeded': { kind: 'too-large', reason: 'the account is over its quota' },
  'valid-address-data': { kind: 'rejected', reason: 'the server rejected the vCard' },
  'supported-address-data': { kind: 'rejected', reason: 'the server does not accept this vCard version' },
  'valid-calendar-data': { kind: 'rejected', reason: 'the server rejected the iCalendar data' },
  'valid-calendar-object-resource': { kind: 'rejected', reason: 'the server rejected the iCalendar object' },
  'supported-calendar-component': { kind: 'rejected', reason: 'the calendar does not take this component' },
  'need-privileges': { kind: 'auth', reason: 'no permission' },
};

export function kindForStatus(status: number): StoreErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 413) return 'too-large';
  if (status === 408 || status === 429 || status >= 500) return 'unavailable';
  return 'rejected';
}

/** The StoreError for a failed request; `what` is e.g. "PUT /alice%40example.com/contacts/x.vcf". */
export function storeErrorFor(what: string, status: number, statusText: string, body: string): StoreError {
  for (const condition of errorConditions(body)) {
    const known = conditionKinds[condition];
    if (known) return new StoreError(known.kind, `${what}: ${status} ${statusText} (${known.reason})`);
  }
  const kind = kindForStatus(status);
  const detail =
    status === 409 ? ' (the server reports a conflict, e.g. an item with the same UID elsewhere)' :
    status === 412 ? ' (the item changed on the server)' : '';
  return new StoreError(kind, `${what}: ${status} ${statusText}${detail}`.trimEnd());
}

/** The StoreError for a request that got no HTTP answer (refused, reset, DNS, timeout). */
export function unavailable(what: string, cause: unknown): StoreError {
  const reason =
    cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError')
      ? 'timed out'
      : describe(cause);
  return new StoreError('unavailable', `${what}: ${reason}`, { cause });
}

function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const inner = (cause as { cause?: unknown }).cause;
  const code = inner && typeof inner === 'object' && 'code' in inner ? String(inner.code) : undefined;
  return code ? `${cause.message} (${code})` : cause.message;
}
