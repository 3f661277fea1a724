import type { Figure } from '../figures.js';
import { latencyFigure, ms } from '../figures.js';
import { openLoop, percentile, sleep } from '../load.js';
import type { BenchStack } from '../stack.js';
import { shedReads } from '../http.js';
import { openIncident, pressPrimary, walkIncident } from '../walk.js';

const BACKGROUND_OPERATORS = 100;
const SAMPLES_PER_SECOND = 4;

export interface TimeToBlockOptions {
  samples: number;
  backgroundRate: number;
  overloadRate: number;
}

/**
 * Target 2: from the event that asks for the blocks (IDENTITY_VERIFIED on a stolen wallet with 3 cards) to
 * Lifeline recording every card blocked, taken from the incident's own event log (server-side times).
 */
async function oneBlock(stack: BenchStack, operator: string, customerRef: string): Promise<number> {
  let view = await openIncident(stack, operator, 'stolen-wallet', customerRef);
  view = await pressPrimary(stack, operator, view, { callbackInMs: 60_000 }); // CUSTOMER_READY
  if (view.step?.primary?.event !== 'IDENTITY_VERIFIED') throw new Error(`expected IDENTITY_VERIFIED, got ${view.step?.primary?.event}`);
  const cards = view.cards.length;
  await pressPrimary(stack, operator, view, { callbackInMs: 60_000 });
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(5)) {
    const { rows } = await stack.pool.query<{ blocked: number; trigger: Date; last: Date | null }>(
      `SELECT count(*) FILTER (WHERE type = 'CARD_BLOCKED')::int AS blocked,
              min(at) FILTER (WHERE type = 'IDENTITY_VERIFIED') AS trigger,
              max(at) FILTER (WHERE type = 'CARD_BLOCKED') AS last
         FROM incident_events WHERE incident_id = $1`,
      [view.id],
    );
    if (rows[0].blocked >= cards) return rows[0].last!.getTime() - rows[0].trigger.getTime();
  }
  throw new Error(`cards of ${view.id} not all blocked within 30 s`);
}

/**
 * Samples arrive at a steady pace (not one after another), so a slow node cannot stretch the run. A sample whose
 * cards were not all blocked within 30 s (or whose steps failed) counts as an infinite time: the figure then says
 * n/a and how many, instead of the run ending without any figure.
 */
export async function sampleBlocks(stack: BenchStack, label: string, count: number): Promise<number[]> {
  const operator = stack.token(`op-ttb-${label}`, 'operator');
  const run = Date.now().toString(36);
  const times: number[] = [];
  await openLoop(SAMPLES_PER_SECOND, (count * 1000) / SAMPLES_PER_SECOND, count, async (i) => {
    times.push(await oneBlock(stack, operator, `cust-ttb-${label}-${run}-${i}`).catch(() => Infinity));
  });
  return times.sort((a, b) => a - b);
}

const unfinished = (times: number[]) => {
  const n = times.filter((t) => !Number.isFinite(t)).length;
  return n > 0 ? `; ${n} of ${times.length} not all blocked within 30 s` : '';
};

/** Blocks sampled while whole incidents arrive in the background at `rate` per second, walked as operators would. */
async function underLoad(stack: BenchStack, label: string, samples: number, rate: number) {
  const operator = stack.token(`op-bg-${label}`, 'operator');
  const run = Date.now().toString(36);
  const stop = { stopped: false };
  const shedBefore = shedReads.count;
  // At most BACKGROUND_OPERATORS incidents are walked at once, as that many operators would; arrivals beyond are shed.
  const background = openLoop(rate, 600_000, BACKGROUND_OPERATORS, (i) => walkIncident(stack, operator, 'stolen-wallet', `cust-bg-${label}-${run}-${i}`, { callbackInMs: 60_000, stop }).then(() => undefined), stop);
  await sleep(2_000); // let the background reach its pace
  const times = await sampleBlocks(stack, label, samples);
  stop.stopped = true;
  const result = await background;
  return { times, note: `background offered ${rate} incidents/s to ${BACKGROUND_OPERATORS} operators: ${result.count} walked (${result.rate.toFixed(1)}/s), ${result.shed} not started (all operators busy), ${shedReads.count - shedBefore} reads shed by the service` };
}

export async function benchTimeToBlock(stack: BenchStack, options: TimeToBlockOptions): Promise<Figure[]> {
  const alone = await sampleBlocks(stack, 'alone', options.samples);
  const loaded = await underLoad(stack, 'loaded', options.samples, options.backgroundRate);
  const overloaded = await underLoad(stack, 'overload', options.samples, options.overloadRate);
  const p = (times: number[], n: number) => percentile(times, n);
  return [
    latencyFigure('2. time to block', 'p50, alone (3 cards)', p(alone, 50), 15, '≤ 15 ms'),
    latencyFigure('2. time to block', 'p99, alone (3 cards)', p(alone, 99), 50, '≤ 50 ms', `${alone.length} samples, max ${ms(alone.at(-1)!)}${unfinished(alone)}`),
    latencyFigure('2. time to block', `p99, ${options.backgroundRate} incidents/s in the background`, p(loaded.times, 99), 100, '≤ 100 ms', `p50 ${ms(p(loaded.times, 50))}; ${loaded.note}${unfinished(loaded.times)}`),
    latencyFigure('2. time to block', `p99, offered ${options.overloadRate} incidents/s (overload)`, p(overloaded.times, 99), 1_000, '< 1 s', `p50 ${ms(p(overloaded.times, 50))}; ${overloaded.note}${unfinished(overloaded.times)}`),
  ];
}
