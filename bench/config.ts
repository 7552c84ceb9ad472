// Sizes, repetitions and switches of the benchmark, from BENCH_* environment variables.
// BENCH_QUICK=1 shrinks everything for a smoke run of about two minutes.

export interface BenchConfig {
  quick: boolean;
  /** Repetitions of the short measurements (median taken). */
  runs: number;
  /** Repetitions of the long ones (scenario 1 and its peer part). */
  longRuns: number;
  /** Scenario 1: contacts uploaded by a new device. */
  firstSyncContacts: number;
  /** Scenario 1: every n-th contact carries a ~20 kB photo. */
  photoEvery: number;
  /** Scenario 2: contacts downloaded by a new device. */
  refreshContacts: number;
  /** Scenario 3: the two collection sizes. */
  smallCollection: number;
  largeCollection: number;
  /** Scenario 3: measured too when the gateway cannot take its device to the large size. */
  fallbackCollection: number;
  /** Scenario 4: simulated devices and contacts per device; a hard time limit in seconds. */
  devices: number;
  deviceContacts: number;
  loadTimeLimitS: number;
  /**
   * Seconds of rounds each repeated scenario may spend (setup outside): rounds stop early when
   * the next one would not fit, so a busy machine gets fewer rounds, never a longer run.
   */
  budgetS: Record<'1' | '2' | '3' | '8', number>;
  /** Scenario 5: milliseconds spent per codec measurement round. */
  codecRoundMs: number;
  /** Scenario 7/8: run SyncEvolution's own server as the peer. */
  peer: boolean;
  /** Take a CPU profile of the gateway during one extra scenario-1 upload. */
  profile: boolean;
  /** Scenario ids to run (all when empty). */
  only: Set<string>;
  /** Features that landed after this was written (`calendars`, `mail`, `push`), to lift skips. */
  features: Set<string>;
  /** Suffix of the Radicale collections, so quick runs never clobber the full run's cached data. */
  collectionSuffix: string;
  gatewayLogLevel: string;
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not ${raw}`);
  return value;
}

function flag(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return raw === '1' || raw === 'true' || raw === 'yes';
}

function list(name: string): Set<string> {
  return new Set((process.env[name] ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0));
}

export function loadBenchConfig(): BenchConfig {
  const quick = flag('BENCH_QUICK', false);
  return {
    quick,
    runs: int('BENCH_RUNS', quick ? 2 : 5),
    longRuns: int('BENCH_RUNS_LONG', quick ? 1 : 3),
    firstSyncContacts: int('BENCH_CONTACTS', quick ? 100 : 1000),
    photoEvery: int('BENCH_PHOTO_EVERY', quick ? 50 : 100),
    refreshContacts: int('BENCH_REFRESH_CONTACTS', quick ? 100 : 1000),
    smallCollection: int('BENCH_SMALL', quick ? 20 : 100),
    largeCollection: int('BENCH_LARGE', quick ? 500 : 10000),
    fallbackCollection: int('BENCH_LARGE_FALLBACK', quick ? 200 : 3000),
    devices: int('BENCH_DEVICES', quick ? 20 : 200),
    deviceContacts: int('BENCH_DEVICE_CONTACTS', quick ? 5 : 20),
    loadTimeLimitS: int('BENCH_LOAD_TIME_LIMIT', quick ? 60 : 240),
    budgetS: {
      '1': int('BENCH_BUDGET_1', quick ? 60 : 420),
      '2': int('BENCH_BUDGET_2', quick ? 30 : 120),
      '3': int('BENCH_BUDGET_3', quick ? 40 : 180),
      '8': int('BENCH_BUDGET_8', quick ? 20 : 60),
    },
    codecRoundMs: int('BENCH_CODEC_ROUND_MS', quick ? 100 : 500),
    peer: flag('BENCH_PEER', true),
    profile: flag('BENCH_PROFILE', false),
    only: list('BENCH_ONLY'),
    features: list('BENCH_FEATURES'),
    collectionSuffix: quick ? '-quick' : '',
    gatewayLogLevel: process.env['BENCH_GATEWAY_LOG_LEVEL'] ?? 'info',
  };
}
