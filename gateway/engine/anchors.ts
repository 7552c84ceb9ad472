// Our sync anchors: UTC timestamps with a random tail, so two syncs in one second differ.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../ports/clock.ts';

export function newAnchor(clock: Clock): string {
  const stamp = clock.now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
