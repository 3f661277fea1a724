import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditChain } from '../src/audit/audit-chain.js';
import { CardActionTrail } from '../src/audit/card-action-trail.js';
import { trailShard } from '../src/audit/hash-chain.js';
import { JOB_ACTOR } from '../src/auth/actor.js';
import { eventually, startTestApp, type TestApp } from './support/test-app.js';

/** The trail's chains each have their own head: appends to different chains never wait on each other, and never deadlock. */
describe("the trail's chains", () => {
  let t: TestApp;
  let db: DataSource;
  let trail: CardActionTrail;
  const run = randomUUID().slice(0, 8);

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
    trail = t.app.get(CardActionTrail);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Card refs of this run, on the chains asked for. */
  function cardsOn(...shards: number[]): string[] {
    return shards.map((shard) => {
      for (let i = 0; ; i++) if (trailShard(`card_${run}_${shard}_${i}`) === shard) return `card_${run}_${shard}_${i}`;
    });
  }
  const incident = () => ({ id: randomUUID(), customerRef: `cust-${run}`, channel: 'phone' as const, playbookId: 'stolen-wallet' });
  const effectsFor = (cards: string[]) => cards.map((cardRef) => ({ id: randomUUID(), kind: 'blockCard', params: { cardRef, last4: '0042', reason: 'stolen', mode: 'block' } }));
  const actor = { id: 'op-chains', origin: '127.0.0.1' };

  /** A transaction holding an append open, as a slow `send()` would. */
  async function openAppend(cards: string[]) {
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    await trail.recordRequested(runner.manager, incident(), actor, effectsFor(cards));
    return { commit: () => runner.commitTransaction().finally(() => runner.release()) };
  }
  const waitingOnLock = async (): Promise<number> =>
    (
      await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%card_action_chain_heads%'`)
    )[0].n;

  it("lets an append on one chain through while another chain's append is open, and makes one on the same chain wait its turn", async () => {
    const [a, b, sameAsA] = cardsOn(3, 7, 3);
    const held = await openAppend([a]);
    // Another chain: done while the first is still open.
    await db.transaction((m) => trail.recordRequested(m, incident(), actor, effectsFor([b])));
    const [other] = await db.query(`SELECT shard FROM card_actions WHERE card_ref = $1`, [b]);
    expect(other.shard).toBe(7);
    // The same chain: waits on the open append's head.
    let done = false;
    const waiting = db.transaction((m) => trail.recordRequested(m, incident(), actor, effectsFor([sameAsA]))).then(() => (done = true));
    await eventually(async () => (await waitingOnLock()) > 0, 'the second append waiting on chain 3');
    expect(done).toBe(false);
    await held.commit();
    await waiting;
    // It linked to the row it waited for.
    const rows: { card_ref: string; prev_hash: string; hash: string }[] = await db.query(
      `SELECT card_ref, prev_hash, hash FROM card_actions WHERE card_ref = ANY($1) ORDER BY seq`,
      [[a, sameAsA]],
    );
    expect(rows.map((r) => r.card_ref)).toEqual([a, sameAsA]);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
  });

  it("finds a card's request for its outcome through the incident's index, never by walking the whole trail", async () => {
    const opened = incident();
    const [effect] = effectsFor(cardsOn(5));
    await db.transaction((m) => trail.recordRequested(m, opened, actor, [effect]));
    const plans: string[] = [];
    const rollback = new Error('planned only');
    await db
      .transaction(async (m) => {
        // With sequential scans priced out, a query no index condition can answer shows up as a filtered scan of the whole trail.
        await m.query('SET LOCAL enable_seqscan = off');
        const explaining = new Proxy(m, {
          get: (target, key) =>
            key !== 'query'
              ? Reflect.get(target, key)
              : async (sql: string, params: unknown[]) => {
                  if (/^\s*SELECT\b[\s\S]*\bFROM card_actions\b/.test(sql))
                    plans.push((await target.query(`EXPLAIN ${sql}`, params)).map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n'));
                  return target.query(sql, params);
                },
        });
        await trail.recordChange(explaining, opened, JOB_ACTOR, { effects: [], finished: { ...effect, status: 'succeeded', result: { coreRef: 'core-1' }, lastError: null } });
        const [row] = await m.query(`SELECT result, reason, core_ref FROM card_actions WHERE incident_id = $1 AND result = 'succeeded'`, [opened.id]);
        expect(row).toEqual({ result: 'succeeded', reason: 'stolen', core_ref: 'core-1' });
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatch(/Index Cond: \(incident_id = /);
  });

  it('takes appends that span many chains, in every order at once, without a deadlock, and every chain still verifies', async () => {
    const shards = Array.from({ length: 16 }, (_, i) => i);
    const cards = cardsOn(...shards);
    const appends = Array.from({ length: 24 }, (_, i) => {
      // Each append names the cards in another order: the heads are still locked in chain order.
      const order = i % 2 === 0 ? [...cards].reverse() : [...cards.slice(i % 16), ...cards.slice(0, i % 16)];
      return db.transaction((m) => trail.recordRequested(m, incident(), actor, effectsFor(order.slice(0, 4 + (i % 12)))));
    });
    await Promise.all(appends);
    const report = await t.app.get(AuditChain).verify();
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    // Each chain's head row says where the chain ends and how long it is.
    const heads: { shard: number; ok: boolean }[] = await db.query(`
      SELECT h.shard, h.hash = last.hash AND h.last_seq = last.seq AND h.length = last.length AS ok
        FROM card_action_chain_heads h
        JOIN LATERAL (SELECT hash, seq, (SELECT count(*) FROM card_actions c WHERE c.shard = h.shard) AS length FROM card_actions c WHERE c.shard = h.shard ORDER BY seq DESC LIMIT 1) last ON true`);
    expect(heads.length).toBe(16);
    expect(heads.every((h) => h.ok)).toBe(true);
  });
});
