// Test helper: the recorded SyncML messages under test/fixtures/traces, as bytes the codec reads.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TRACES_DIR = fileURLToPath(new URL('../../fixtures/traces/', import.meta.url));

/**
 * Synthesis log dumps that stop mid-message (the engine truncates long log lines): real
 * malformed input, expected to be refused.
 */
export const TRUNCATED_DUMPS: ReadonlySet<string> = new Set([
  'syncevolution/sessions/syncml12-wbxml/09-multi-message/msg001-server.synthesis.xml',
  'syncevolution/sessions/syncml12-wbxml/10-large-object/msg001-server.synthesis.xml',
  'syncevolution/sessions/syncml12-wbxml/11-server-multi-message-large-object/msg001-server.synthesis.xml',
]);

/** Every fixture file ending in `suffix`, as paths relative to TRACES_DIR, sorted. */
export function traceFiles(suffix: string): string[] {
  const entries = readdirSync(TRACES_DIR, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => relative(TRACES_DIR, join(e.parentPath, e.name)))
    .sort();
}

/** The raw bytes of a fixture. */
export function traceBytes(path: string): Uint8Array {
  return readFileSync(join(TRACES_DIR, path));
}

