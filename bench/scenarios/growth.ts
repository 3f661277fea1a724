import type { Figure } from '../figures.js';
import { ms } from '../figures.js';
import { inParallel } from '../http.js';
import { closedLoop, percentile, type Latencies } from '../load.js';
import type { BenchStack } from '../stack.js';
import { ok, openIncident, request } from '../walk.js';
import { sampleBlocks } from './time-to-block.js';

/**
 * Blocks sampled at each size: a block's report reads the trail, which is what grows most. Sixty, so the p50 of a
 * figure of some 25 ms is not moved by a few samples' noise (twenty gave 1.1× and 1.3× on the same code).
 */
const BLOCK_SAMPLES = 60;

export interface GrowthOptions {
  smallIncidents: number;
  largeIncidents: number;
  largeCardActions: number;
  durationMs: number;
}

/** Copies of a real row with fresh keys, made by Postgres itself: the columns come from the table, so new ones are copied too. */
async function copyRows(stack: BenchStack, table: string, templateWhere: string, count: number, overrides: Record<string, string>): Promise<void> {
  if (count <= 0) return;
  const { rows } = await stack.pool.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema() AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  );
  const columns = rows.map((r) => r.column_name).filter((c) => !(table === 'card_actions' && c === 'seq'));
  const select = columns.map((c) => overrides[c] ?? `t.${c}`).join(', ');
  const chunks = Array.from({ length: Math.ceil(count / 250_000) }, (_, i) => i * 250_000);
  // A bulk load, as a bank would do it: the table's plain indexes are dropped, the rows copied, and the same
  // indexes (their definitions read from Postgres) built again. Maintaining nine indexes row by row made this
  // seeding most of the benchmark's time.
  const rebuilt = count >= 100_000 ? await dropPlainIndexes(stack, table) : [];
  await inParallel(chunks, 2, async (from) => {
    const n = Math.min(250_000, count - from);
    await stack.pool.query(
      `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select} FROM (SELECT * FROM ${table} WHERE ${templateWhere} LIMIT 1) t CROSS JOIN generate_series(${from + 1}, ${from + n}) g`,
    );
  });
  await inParallel(rebuilt, 2, async (definition) => {
    const client = await stack.pool.connect();
    try {
      await client.query(`SET maintenance_work_mem = '512MB'`);
      await client.query(definition);
    } finally {
      await client.query('RESET maintenance_work_mem');
      client.release();
    }
  });
  await stack.pool.query(`VACUUM ANALYZE ${table}`);
}

/** Drops the table's indexes that back no constraint, and answers their definitions to build them again. */
async function dropPlainIndexes(stack: BenchStack, table: string): Promise<string[]> {
  const { rows } = await stack.pool.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
      WHERE i.tablename = $1 AND i.schemaname = current_schema()
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [table],
  );
  for (const { name } of rows) await stack.pool.query(`DROP INDEX ${name}`);
  return rows.map((r) => r.definition);
}

async function stepLatency(stack: BenchStack, label: string, durationMs: number): Promise<Latencies> {
  const operator = stack.token(`op-growth-${label}`, 'operator');
  const run = Date.now().toString(36);
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) ids.push((await openIncident(stack, operator, 'stolen-wallet', `cust-growth-${label}-${run}-${i}`)).id);
  const step = (id: string, i: number) => ok(request(stack, 'POST', `/v1/incidents/${id}/events`, operator, { type: 'CUSTOMER_MOOD', data: { mood: i % 2 ? 'calm' : 'angry' } }), 'step').then(() => undefined);
  await closedLoop(8, 1_000, (lane, i) => step(ids[lane], i));
  return closedLoop(8, durationMs, (lane, i) => step(ids[lane], i));
}

const count = async (stack: BenchStack, table: string) => Number((await stack.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

/**
 * Target 6, growth: operator step latency (8 clients) with the database at `smallIncidents` incidents, then again
 * after it has grown to `largeIncidents` incidents and `largeCardActions` card-action rows (resolved incidents of
 * other customers, copied from a real one by Postgres; the seeded card actions are not a valid chain, which this
 * scratch database does not need).
 */
export async function benchGrowth(stack: BenchStack, options: GrowthOptions): Promise<Figure[]> {
  const seedIncidents = (upTo: number) =>
    count(stack, 'incidents').then((n) =>
      copyRows(stack, 'incidents', `status = 'resolved'`, upTo - n, { id: 'gen_random_uuid()', customer_ref: `'cust-seed-' || g || '-' || md5(random()::text)` }),
    );
  await seedIncidents(options.smallIncidents);
  const small = await stepLatency(stack, 'small', options.durationMs);
  const smallBlocks = await sampleBlocks(stack, 'growth-small', BLOCK_SAMPLES);
  const [smallCount, smallActions] = [await count(stack, 'incidents'), await count(stack, 'card_actions')];

  const seedStart = performance.now();
  await seedIncidents(options.largeIncidents);
  const actions = await count(stack, 'card_actions');
  await copyRows(stack, 'card_actions', `true`, options.largeCardActions - actions, {
    id: 'gen_random_uuid()',
    hash: `'seed-' || g || '-' || md5(random()::text)`,
    prev_hash: `'seed-prev-' || g || '-' || md5(random()::text)`,
    card_ref: `'card_seed_' || (g % 1000003)`,
    customer_ref: `'cust-seed-' || (g % 400009)`,
  });
  const seededIn = performance.now() - seedStart;
  const large = await stepLatency(stack, 'large', options.durationMs);
  const largeBlocks = await sampleBlocks(stack, 'growth-large', BLOCK_SAMPLES);
  const [largeCount, largeActions] = [await count(stack, 'incidents'), await count(stack, 'card_actions')];
  const ratio = large.p50 / small.p50;
  const blockRatio = percentile(largeBlocks, 50) / percentile(smallBlocks, 50);
  return [
    {
      target: '6. growth',
      name: `step p50 with ${largeCount.toLocaleString('en')} incidents and ${largeActions.toLocaleString('en')} card actions vs ${smallCount.toLocaleString('en')} incidents`,
      value: ratio,
      unit: '×',
      goal: '≤ 1.2×',
      met: ratio <= 1.2,
      note: `p50 ${ms(small.p50)} → ${ms(large.p50)}, p99 ${ms(small.p99)} → ${ms(large.p99)}; seeded in ${(seededIn / 1000).toFixed(0)} s`,
    },
    {
      target: '6. growth',
      name: `time to block p50 (3 cards) with ${largeActions.toLocaleString('en')} card actions vs ${smallActions.toLocaleString('en')}`,
      value: blockRatio,
      unit: '×',
      goal: '≤ 1.2×',
      met: blockRatio <= 1.2,
      note: `${BLOCK_SAMPLES} samples each: p50 ${ms(percentile(smallBlocks, 50))} → ${ms(percentile(largeBlocks, 50))}, max ${ms(smallBlocks.at(-1)!)} → ${ms(largeBlocks.at(-1)!)}`,
    },
  ];
}

/** Target 6, footprint: the most memory each process held during the whole run. */
export function footprintFigures(stack: BenchStack): Figure[] {
  return [
    { target: '6. footprint', name: 'peak RSS of the API process', value: stack.api.peakRssMiB(), unit: 'MiB', goal: 'reported', met: true },
    { target: '6. footprint', name: 'peak RSS of the worker process', value: stack.worker.peakRssMiB(), unit: 'MiB', goal: 'reported', met: true },
  ];
}
