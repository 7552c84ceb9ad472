// The one table from backend failures to the SyncML status an item gets.
import { StoreError } from '../ports/data-store.ts';
import { StatusCode } from '../protocol/codes.ts';

const byKind = {
  'not-found': StatusCode.notFound,
  conflict: StatusCode.conflict,
  unavailable: StatusCode.serviceUnavailable,
  auth: StatusCode.forbidden,
  rejected: StatusCode.badRequest,
  'too-large': StatusCode.requestEntityTooLarge,
} as const;

export function statusForError(error: unknown): number {
  if (error instanceof StoreError) return byKind[error.kind];
  return StatusCode.commandFailed;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
