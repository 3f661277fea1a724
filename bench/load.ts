/**
 * Bounded load generators: every loop stops by count or by time, and never has more than a set number
 * of requests in flight, so a slow service is measured rather than buried.
 */

export interface Latencies {
  /** Completed operations. */
  count: number;
  errors: number;
  /** Wall time of the run, ms. */
  elapsedMs: number;
  /** Operations per second over the run. */
  rate: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function summarize(samples: number[], elapsedMs: number, errors = 0): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: samples.length,
    errors,
    elapsedMs,
    rate: samples.length / (elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

/** `lanes` workers, each running `work(lane, i)` back to back until `durationMs` is over: the most the service sustains. */
export async function closedLoop(lanes: number, durationMs: number, work: (lane: number, i: number) => Promise<void>): Promise<Latencies> {
  const samples: number[] = [];
  let errors = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          await work(lane, i);
          samples.push(performance.now() - t0);
        } catch (error) {
          if (++errors <= 3) console.warn(`  error: ${(error as Error).message.slice(0, 300)}`);
        }
      }
    }),
  );
  return summarize(samples, performance.now() - start, errors);
}

/**
 * Offers `rate` operations per second for `durationMs`, whatever the answers take (an open loop, as callers
 * arrive at a contact centre), with at most `maxInFlight` outstanding; arrivals past that are counted as shed.
 * Latency is measured from the moment an operation was due, so queueing in the generator counts too.
 * `stop.stopped` ends the arrivals early.
 */
export async function openLoop(
  rate: number,
  durationMs: number,
  maxInFlight: number,
  work: (i: number) => Promise<void>,
  stop: { stopped: boolean } = { stopped: false },
): Promise<Latencies & { offered: number; shed: number }> {
  const samples: number[] = [];
  let errors = 0;
  let shed = 0;
  let inFlight = 0;
  const running: Promise<void>[] = [];
  const start = performance.now();
  const total = Math.round((rate * durationMs) / 1000);
  for (let i = 0; i < total && !stop.stopped; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight >= maxInFlight) {
      shed++;
      continue;
    }
    inFlight++;
    running.push(
      work(i)
        .then(() => void samples.push(performance.now() - due))
        .catch((error: Error) => {
          if (++errors <= 3) console.warn(`  error: ${error.message.slice(0, 300)}`);
        })
        .finally(() => void inFlight--),
    );
  }
  await Promise.all(running);
  return { ...summarize(samples, performance.now() - start, errors), offered: total, shed };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
