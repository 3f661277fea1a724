import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import type { IncidentView } from '../../src/incidents/incident.view.js';
import { CARDS_PER_BATCH, CUSTOMERS_PER_BATCH, type BreachCard } from '../../src/mass-compromise/breach-plan.js';
import { newCard } from '../../src/simulator/seed.js';
import { rateFigure, type Figure } from '../figures.js';
import { call, inParallel, seconds } from '../http.js';
import type { BenchStack } from '../stack.js';

/** How often the benchmark looks at the incident, as a console would; it bounds each stage's precision. */
const POLL_MS = 200;
/** The raw baseline runs as many batches at once as Lifeline's breach queue does. */
const RAW_CONCURRENCY = 4;

export interface StageTimes {
  open: number;
  block: number;
  reissue: number;
  notify: number;
  total: number;
}

export interface MassCompromiseResult {
  cards: number;
  customers: number;
  lifeline: StageTimes;
  raw: StageTimes;
  /** Events the incident recorded for the whole breach. */
  events: number;
  /** One look at the incident view of a 100,000-card breach. */
  viewMs: number;
  /** The bare BullMQ ceiling: one no-op job per card, added with addBulk and run by one worker, ms. */
  bullmqMs: number;
  /** Cards core banking was asked to block more than once, or never (the simulator's ledger). */
  notBlockedOnce: number;
}

/** A breach list: customers with 3, 2, 3 and 1 cards in turn, as core banking's simulator issues them. */
export function breachList(label: string, count: number): BreachCard[] {
  const cards: BreachCard[] = [];
  for (let i = 0; cards.length < count; i++) {
    const customerRef = `cust-${label}-${i}`;
    for (let n = 1; n <= [3, 2, 3, 1][i % 4] && cards.length < count; n++) {
      const { cardRef, last4 } = newCard(`card_${customerRef}_${n}`, 'any');
      cards.push({ cardRef, last4, customerRef });
    }
  }
  return cards;
}

export async function benchMassCompromise(stack: BenchStack, count: number): Promise<MassCompromiseResult> {
  const run = Date.now().toString(36);
  const lifelineCards = breachList(`bench-${run}`, count);
  const lifeline = await throughLifeline(stack, lifelineCards, `breach-bench-${run}`);
  const notBlockedOnce = await blockedOnceAtLedger(stack, lifelineCards);
  const raw = await rawBaseline(stack, breachList(`raw-${run}`, count));
  const bullmqMs = await bullmqCeiling(stack, count);
  return { cards: count, customers: new Set(lifelineCards.map((c) => c.customerRef)).size, ...lifeline, raw, bullmqMs, notBlockedOnce };
}

/** Target 4: cards per second from the breach's POST until every card is blocked, audited and reported, against bare BullMQ. */
export function breachFigure(r: MassCompromiseResult): Figure {
  const lifeline = r.cards / ((r.lifeline.open + r.lifeline.block) / 1000);
  const raw = r.cards / (r.bullmqMs / 1000);
  const figure = rateFigure(
    '4. merchant breach',
    `${r.cards.toLocaleString('en')} cards open → all blocked, audited, reported`,
    lifeline,
    'cards/s',
    { value: raw, unit: 'jobs/s', what: 'BullMQ no-op jobs, one per card, addBulk, same Redis' },
    1.0,
    '≥ 5,000 cards/s and ≥ 1.0× raw',
    `open ${seconds(r.lifeline.open).toFixed(1)} s, blocks ${seconds(r.lifeline.block).toFixed(1)} s; every card blocked exactly once at the ledger: ${r.notBlockedOnce === 0 ? 'yes' : `no (${r.notBlockedOnce} cards not)`}`,
  );
  return { ...figure, met: figure.met && lifeline >= 5_000 && r.notBlockedOnce === 0 };
}

/** Each card of the breach asked to be blocked exactly once at core banking (replays of an idempotency key do not count). */
async function blockedOnceAtLedger(stack: BenchStack, cards: BreachCard[]): Promise<number> {
  const { entries } = await call<{ entries: { path?: string; route?: string; cardRefs?: string[]; replayed: boolean; status: number | string }[] }>(stack.simulatorUrl, 'GET', '/ledger', {});
  const blocks = new Map<string, number>();
  for (const entry of entries) {
    if (entry.replayed || entry.status !== 200 || !/block/.test(entry.path ?? entry.route ?? '') || /unblock/.test(entry.path ?? entry.route ?? '')) continue;
    for (const cardRef of entry.cardRefs ?? []) blocks.set(cardRef, (blocks.get(cardRef) ?? 0) + 1);
  }
  return cards.filter((c) => blocks.get(c.cardRef) !== 1).length;
}

/** The bare queue: as many no-op jobs as cards, added in bulk, run by one worker, until the last completes. */
async function bullmqCeiling(stack: BenchStack, count: number): Promise<number> {
  const connection = { url: stack.redisUrl, maxRetriesPerRequest: null };
  const queue = new Queue('bench-noop', { connection, prefix: stack.queuePrefix });
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const worker = new Worker('bench-noop', async () => undefined, { connection, prefix: stack.queuePrefix, concurrency: 50 });
  worker.on('completed', () => ++done === count && finished());
  await worker.waitUntilReady();
  const start = performance.now();
  for (let from = 0; from < count; from += 1_000) {
    await queue.addBulk(Array.from({ length: Math.min(1_000, count - from) }, (_, i) => ({ name: 'noop', data: { card: from + i }, opts: { removeOnComplete: true } })));
  }
  await allDone;
  const elapsed = performance.now() - start;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return elapsed;
}

/** Open → every card blocked → new cards ordered → every customer told → resolved, driven as a fraud engine and a risk analyst would. */
async function throughLifeline(stack: BenchStack, cards: BreachCard[], breachRef: string) {
  const fraudEngine = { authorization: stack.token('fraud-engine', 'system') };
  const analyst = { authorization: stack.token('risk-analyst', 'supervisor') };
  const view = (id: string) => call<IncidentView>(stack.url, 'GET', `/v1/incidents/${id}`, analyst);
  const stageOver = async (id: string, stage: 'block' | 'reissue' | 'notify') => {
    for (;;) {
      const { progress } = await view(id);
      if (progress!.batches[stage].reported === progress!.batches[stage].of) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };
  const confirm = (id: string, type: string) => call<IncidentView>(stack.url, 'POST', `/v1/incidents/${id}/events`, analyst, { type });

  const start = performance.now();
  const opened = await call<IncidentView>(stack.url, 'POST', '/v1/incidents/mass-compromise', fraudEngine, { breachRef, cards, locale: 'en' });
  const open = performance.now();
  await stageOver(opened.id, 'block');
  const blocked = performance.now();
  await confirm(opened.id, 'BLOCKS_CONFIRMED');
  await stageOver(opened.id, 'reissue');
  const reissued = performance.now();
  await confirm(opened.id, 'REISSUES_CONFIRMED');
  await stageOver(opened.id, 'notify');
  const notified = performance.now();
  const resolved = await confirm(opened.id, 'NOTICES_CONFIRMED');
  const end = performance.now();

  const { progress } = resolved;
  const customers = new Set(cards.map((c) => c.customerRef)).size;
  if (resolved.status !== 'resolved' || progress!.blocked !== cards.length || progress!.reissued !== cards.length || progress!.customersNotified !== customers) {
    throw new Error(`The breach did not finish cleanly: ${JSON.stringify({ status: resolved.status, progress })}`);
  }
  const looked = performance.now();
  await view(opened.id);
  return {
    lifeline: { open: open - start, block: blocked - open, reissue: reissued - blocked, notify: notified - reissued, total: end - start },
    events: resolved.timeline.length,
    viewMs: performance.now() - looked,
  };
}

/**
 * The same work without Lifeline: write the cards, call the simulator's batch endpoints in a bare loop,
 * and record each answer with one UPDATE … FROM unnest per batch into a scratch table. No outbox, no
 * queue, no incident, no audit trail.
 */
async function rawBaseline(stack: BenchStack, cards: BreachCard[]): Promise<StageTimes> {
  const { pool } = stack;
  await pool.query(`CREATE TABLE bench_raw_cards (
    card_ref text PRIMARY KEY, last4 text NOT NULL, customer_ref text NOT NULL, card_batch int NOT NULL, customer_batch int NOT NULL,
    block_status text, block_core_ref text, blocked_at timestamptz, reissue_core_ref text, new_last4 text, reissue_eta timestamptz, notified_at timestamptz)`);
  await pool.query(`CREATE INDEX ON bench_raw_cards (card_batch)`);
  await pool.query(`CREATE INDEX ON bench_raw_cards (customer_batch)`);
  await pool.query(`CREATE TABLE bench_raw_notices (customer_ref text PRIMARY KEY, message text NOT NULL)`);
  const customerIndex = new Map<string, number>();
  for (const c of cards) if (!customerIndex.has(c.customerRef)) customerIndex.set(c.customerRef, customerIndex.size);
  const cardBatches = Array.from({ length: Math.ceil(cards.length / CARDS_PER_BATCH) }, (_, i) => i);
  const customerBatches = Array.from({ length: Math.ceil(customerIndex.size / CUSTOMERS_PER_BATCH) }, (_, i) => i);
  const batchCall = (path: string, body: Record<string, unknown>) => call<{ results: Record<string, string>[] }>(stack.simulatorUrl, 'POST', path, { 'idempotency-key': randomUUID() }, body);

  const start = performance.now();
  for (let from = 0; from < cards.length; from += 10_000) {
    const chunk = cards.slice(from, from + 10_000);
    await pool.query(
      `INSERT INTO bench_raw_cards (card_ref, last4, customer_ref, card_batch, customer_batch) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[])`,
      [chunk.map((c) => c.cardRef), chunk.map((c) => c.last4), chunk.map((c) => c.customerRef), chunk.map((_, i) => Math.floor((from + i) / CARDS_PER_BATCH)), chunk.map((c) => Math.floor(customerIndex.get(c.customerRef)! / CUSTOMERS_PER_BATCH))],
    );
  }
  const open = performance.now();
  await inParallel(cardBatches, RAW_CONCURRENCY, async (batch) => {
    const refs = cards.slice(batch * CARDS_PER_BATCH, (batch + 1) * CARDS_PER_BATCH).map((c) => c.cardRef);
    const { results } = await batchCall('/v1/cards/block-batch', { reason: 'compromised', mode: 'block', cardRefs: refs });
    await pool.query(
      `UPDATE bench_raw_cards c SET block_status = r.status, block_core_ref = r.core_ref, blocked_at = r.at FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS r(card_ref, status, core_ref, at) WHERE c.card_ref = r.card_ref`,
      [results.map((r) => r.cardRef), results.map((r) => r.status), results.map((r) => r.coreRef), results.map((r) => r.at)],
    );
  });
  const blocked = performance.now();
  await inParallel(cardBatches, RAW_CONCURRENCY, async (batch) => {
    const refs = cards.slice(batch * CARDS_PER_BATCH, (batch + 1) * CARDS_PER_BATCH).map((c) => c.cardRef);
    const { results } = await batchCall('/v1/cards/reissue-batch', { express: false, cardRefs: refs });
    await pool.query(
      `UPDATE bench_raw_cards c SET reissue_core_ref = r.core_ref, new_last4 = r.new_last4, reissue_eta = r.eta FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS r(card_ref, core_ref, new_last4, eta) WHERE c.card_ref = r.card_ref`,
      [results.map((r) => r.cardRef), results.map((r) => r.coreRef), results.map((r) => r.newLast4), results.map((r) => r.eta)],
    );
  });
  const reissued = performance.now();
  await inParallel(customerBatches, RAW_CONCURRENCY, async (batch) => {
    const { rows } = await pool.query<{ customer_ref: string; last4s: string[] }>(
      `SELECT customer_ref, array_agg(last4 ORDER BY card_ref) AS last4s FROM bench_raw_cards WHERE customer_batch = $1 GROUP BY customer_ref`,
      [batch],
    );
    await pool.query(`INSERT INTO bench_raw_notices SELECT * FROM unnest($1::text[], $2::text[])`, [rows.map((r) => r.customer_ref), rows.map((r) => `Cards ${r.last4s.join(', ')} blocked`)]);
    await pool.query(`UPDATE bench_raw_cards SET notified_at = now() WHERE customer_batch = $1`, [batch]);
  });
  const notified = performance.now();
  return { open: open - start, block: blocked - open, reissue: reissued - blocked, notify: notified - reissued, total: notified - start };
}
