import type { Figure } from '../figures.js';
import { latencyFigure, ms, rateFigure } from '../figures.js';
import { closedLoop, openLoop } from '../load.js';
import type { BenchStack } from '../stack.js';
import { ok, openIncident, request } from '../walk.js';
import { rawStepCeiling } from './raw-steps.js';

export interface StepsOptions {
  durationMs: number;
  offeredRate: number;
}

const mood = (i: number) => (i % 2 === 0 ? 'panicked' : 'calm');

/**
 * Target 1: operator steps (`POST /v1/incidents/:id/events`, CUSTOMER_MOOD: the whole send path, no effects),
 * the most one node sustains and the latency at an offered rate, against the raw Postgres ceiling.
 */
export async function benchOperatorSteps(stack: BenchStack, options: StepsOptions): Promise<{ figures: Figure[]; rawTps: number; incidentIds: string[] }> {
  const operator = stack.token('op-steps', 'operator');
  const run = Date.now().toString(36);
  const ids: string[] = [];
  for (let i = 0; i < 200; i++) ids.push((await openIncident(stack, operator, 'stolen-wallet', `cust-steps-${run}-${i}`)).id);
  const step = (id: string, i: number) =>
    ok(request(stack, 'POST', `/v1/incidents/${id}/events`, operator, { type: 'CUSTOMER_MOOD', data: { mood: mood(i) } }), 'CUSTOMER_MOOD').then(() => undefined);

  await closedLoop(16, 2_000, (lane, i) => step(ids[lane], i)); // warm-up: JIT, pools, caches
  const sustained = await closedLoop(32, options.durationMs, (lane, i) => step(ids[lane], i));
  const offered = await openLoop(options.offeredRate, options.durationMs, 1_000, (i) => step(ids[i % ids.length], i));
  const raw = await rawStepCeiling(stack, ids.slice(100), options.durationMs);

  const figures: Figure[] = [
    rateFigure('1. operator step', 'max sustained steps/s (32 clients)', sustained.rate, 'steps/s', { value: raw.rate, unit: 'tx/s', what: 'bare pg transaction: read, compare-and-set, append event' }, 0.5, '≥ 0.5× raw', `p50 ${ms(sustained.p50)}, p99 ${ms(sustained.p99)}, errors ${sustained.errors}`),
    latencyFigure(
      '1. operator step',
      `p99 at ${options.offeredRate} steps/s offered`,
      offered.p99,
      25,
      '≤ 25 ms',
      `p50 ${ms(offered.p50)}; achieved ${Math.round(offered.rate)}/s of ${options.offeredRate}/s, shed ${offered.shed}, errors ${offered.errors}`,
    ),
  ];
  return { figures, rawTps: raw.rate, incidentIds: ids };
}
