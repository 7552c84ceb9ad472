// Time and id sources, injected so that tests are deterministic.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
