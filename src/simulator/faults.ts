import { badRequest } from './simulated-bank.js';

/** Trouble the simulator injects into every /v1 call, to rehearse core banking on a bad day. */
export interface Faults {
  latencyMs?: number;
  /** Share of calls (0..1) answered 503 before anything is applied. */
  errorRate?: number;
  /** Share of calls (0..1) held without an answer, as a hung core would. */
  timeoutRate?: number;
}

export type FaultSettings = Required<Faults>;
export type Fault = 'error' | 'timeout';

export const NO_FAULTS: FaultSettings = { latencyMs: 0, errorRate: 0, timeoutRate: 0 };

/** Missing fields mean "no such fault", so `{}` clears everything. */
export function faultSettings(input: unknown): FaultSettings {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw badRequest('faults must be a JSON object');
  const { latencyMs = 0, errorRate = 0, timeoutRate = 0 } = input as Faults;
  if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs) || latencyMs < 0) throw badRequest('latencyMs must be a number ≥ 0');
  for (const [name, rate] of [['errorRate', errorRate], ['timeoutRate', timeoutRate]] as const) {
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw badRequest(`${name} must be a number from 0 to 1`);
  }
  return { latencyMs, errorRate, timeoutRate };
}

/** One roll per call, so errorRate + timeoutRate is the share of calls that fail. */
export function rollFault(settings: FaultSettings, random: () => number = Math.random): Fault | null {
  const roll = random();
  if (roll < settings.errorRate) return 'error';
  if (roll < settings.errorRate + settings.timeoutRate) return 'timeout';
  return null;
}
