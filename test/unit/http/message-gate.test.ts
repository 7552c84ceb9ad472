// The gate in front of the engine: at most `limit` messages at once, the others in arrival order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageGate } from '../../../gateway/http/message-gate.ts';

test('at most the limit run at once; waiting ones start in arrival order, failures free their place', async () => {
  const gate = new MessageGate(2);
  const started: number[] = [];
  let running = 0;
  let peak = 0;
  const release: Array<() => void> = [];
  const runs = Array.from({ length: 6 }, (_, i) =>
    gate
      .run(async () => {
        started.push(i);
        peak = Math.max(peak, ++running);
        await new Promise<void>((resolve) => release.push(resolve));
        running--;
        if (i === 1) throw new Error('failed message');
        return i;
      })
      .catch((error: Error) => error.message),
  );
  while (started.length < 6 || release.length > 0) {
    await new Promise((resolve) => setImmediate(resolve));
    release.shift()?.();
  }
  assert.deepEqual(await Promise.all(runs), [0, 'failed message', 2, 3, 4, 5]);
  assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
  assert.equal(peak, 2);
});
