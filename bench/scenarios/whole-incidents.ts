import type { Figure } from '../figures.js';
import { latencyFigure, ms, rateFigure } from '../figures.js';
import { closedLoop, percentile, sleep } from '../load.js';
import type { BenchStack } from '../stack.js';
import { walkIncident } from '../walk.js';

/** Callbacks are asked for this far ahead, so the timers fire within the run and their lateness is measured. */
const CALLBACK_IN_MS = 3_000;

/** Waits until no effect that is due has been left unfinished: the background work of the walked incidents is done. */
async function effectsDone(stack: BenchStack, timeoutMs = 120_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(20)) {
    const { rows } = await stack.pool.query<{ left: number }>(`SELECT count(*)::int AS left FROM effects WHERE status IN ('pending', 'running', 'failed') AND due_at <= now()`);
    if (rows[0].left === 0) return;
  }
  throw new Error('background effects not done within 2 minutes');
}

/**
 * Target 3: whole stolen-wallet incidents, open to resolved along the primary path, until every effect
 * that is due has run; against the raw ceiling for their operator steps (raw transactions/s ÷ steps).
 * Target 5 comes from the same run: the callbacks its operators scheduled, and how late each fired.
 */
export async function benchWholeIncidents(stack: BenchStack, rawTps: number, options: { durationMs: number }): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const lanes of [8, 16]) {
    await effectsDone(stack);
    const operator = stack.token(`op-whole-${lanes}`, 'operator');
    const run = Date.now().toString(36);
    let steps = 0;
    const stepLatencies: number[] = [];
    const start = performance.now();
    const walked = await closedLoop(lanes, options.durationMs, async (lane, i) => {
      const walk = await walkIncident(stack, operator, 'stolen-wallet', `cust-whole-${run}-${lane}-${i}`, { callbackInMs: CALLBACK_IN_MS, latencies: stepLatencies });
      steps = walk.steps;
    });
    await effectsDone(stack);
    const rate = walked.count / ((performance.now() - start) / 1000);
    const sorted = stepLatencies.sort((a, b) => a - b);
    figures.push(
      rateFigure(
        '3. whole incidents',
        `stolen-wallet open → resolved, effects done, ${lanes} at once`,
        rate,
        'incidents/s',
        { value: rawTps / steps, unit: 'incidents/s', what: `raw pg tx/s ÷ ${steps} operator steps` },
        0.5,
        '≥ 0.5× raw',
        `${walked.count} incidents; step p50 ${ms(percentile(sorted, 50))}, p99 ${ms(percentile(sorted, 99))}; errors ${walked.errors}`,
      ),
    );
  }
  await sleep(CALLBACK_IN_MS + 2_000);
  await effectsDone(stack);
  const { rows } = await stack.pool.query<{ late: number }>(
    `SELECT extract(epoch FROM ev.at - (e.params->>'at')::timestamptz) * 1000 AS late
       FROM effects e JOIN incident_events ev ON ev.incident_id = e.incident_id AND ev.type = 'CALLBACK_DUE' AND ev.data->>'at' = e.params->>'at'
      WHERE e.kind = 'scheduleCallback'`,
  );
  const late = rows.map((r) => Number(r.late)).sort((a, b) => a - b);
  figures.push(
    late.length === 0
      ? { target: '5. timers', name: 'callback lateness p99', value: NaN, unit: 'ms', goal: '≤ 500 ms', met: false, note: 'no callback fired during the run' }
      : latencyFigure('5. timers', 'callback lateness p99', percentile(late, 99), 500, '≤ 500 ms', `${late.length} callbacks; p50 ${ms(percentile(late, 50))}, max ${ms(late.at(-1)!)}`),
  );
  return figures;
}
