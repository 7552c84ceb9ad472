// Scenarios whose features have not landed yet: each prints one "needs: ..." row until then.
// To add one, give it `run` and drop the need (or set BENCH_FEATURES while it is optional).
import type { Scenario } from './context.ts';

export const pushLatency: Scenario = {
  id: '6',
  title: 'Push latency: IMAP APPEND to notification, p50/p99 over 100 mails',
  needs: ['mail', 'push'],
  target: 'p99 < 1 s',
};
