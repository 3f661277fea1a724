import { DataSource } from 'typeorm';
import type { CardActionPage } from '../src/audit/card-action.view.js';
import type { BlockResult, CardRefused, ReissueResult } from '../src/core-banking/core-banking.port.js';
import { EffectRunner } from '../src/effects/effect-runner.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { newCard } from '../src/simulator/seed.js';
import { ledger } from './support/ledger.js';
import { bearer, eventually, startTestApp, TestApp } from './support/test-app.js';

const run = Date.now().toString(36);
const fraudEngine = bearer(['system'], `fraud-engine-${run}`);
const supervisor = bearer(['supervisor'], `sup-rita-${run}`);
const risk = bearer(['risk'], `risk-rob-${run}`);
const operator = bearer(['operator'], `op-olga-${run}`);

type BreachCard = { cardRef: string; last4: string; customerRef: string };

/**
 * A merchant breach as a fraud engine reports it: 2,500 cards of 850 customers (800 with three cards,
 * 50 with two), all known to core banking except three cards of one customer that it never issued.
 */
function breachList(label: string): { cards: BreachCard[]; unknown: BreachCard[] } {
  const cards: BreachCard[] = [];
  for (let i = 0; i < 850; i++) {
    const customerRef = `cust-${label}-${run}-${i}`;
    for (let n = 1; n <= (i < 800 ? 3 : 2); n++) {
      const { cardRef, last4 } = newCard(`card_${customerRef}_${n}`, 'any');
      cards.push({ cardRef, last4, customerRef });
    }
  }
  const unknown = [7, 8, 9].map((n) => ({ cardRef: `card_cust-${label}-${run}-849_${n}`, last4: `000${n}`, customerRef: `cust-${label}-${run}-849` }));
  return { cards: [...cards.slice(0, cards.length - 3), ...unknown], unknown };
}

/** What core banking answered card by card, over every batch call it executed (replays of a key do not count). */
async function executedPerCard<T extends { cardRef: string }>(simulatorUrl: string, path: string): Promise<(T | CardRefused)[]> {
  const calls = (await ledger(simulatorUrl)).filter((e) => e.method === 'POST' && e.path === path && e.status === 200 && !e.replayed);
  return calls.flatMap((e) => (e.answer as { results: (T | CardRefused)[] }).results);
}

const countBy = <T>(items: T[], key: (item: T) => string) => items.reduce((counts, item) => counts.set(key(item), (counts.get(key(item)) ?? 0) + 1), new Map<string, number>());

describe('mass-compromise: one incident for a merchant breach', () => {
  let t: TestApp;
  let db: DataSource;

  const open = (body: unknown, token = fraudEngine) => t.http().post('/v1/incidents/mass-compromise').set('Authorization', token).send(body as object);
  const get = async (id: string) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', supervisor).expect(200)).body as IncidentView;
  const send = async (id: string, type: string) =>
    (await t.http().post(`/v1/incidents/${id}/events`).set('Authorization', supervisor).send({ type }).expect(200)).body as IncidentView;
  /** Waits, as the risk team does, until every batch of the stage has reported. */
  const stageOver = (id: string, stage: 'block' | 'reissue' | 'notify', what: string) =>
    eventually(async () => {
      const view = await get(id);
      return view.progress!.batches[stage].reported === view.progress!.batches[stage].of && view;
    }, what, 20_000);

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  it('blocks every card once, orders their new cards, tells each customer once, and resolves, in a few dozen events', async () => {
    const { cards, unknown } = breachList('breach');
    const known = cards.filter((c) => !unknown.includes(c));
    const opened = await open({ breachRef: `breach-shopco-${run}`, cards, locale: 'en' }).expect(201);
    const incident = opened.body as IncidentView;
    expect(incident).toMatchObject({ playbook: { id: 'mass-compromise' }, channel: 'api', customerRef: `breach-shopco-${run}`, cards: [], state: 'blocking' });
    expect(incident.progress).toMatchObject({ total: 2500, customers: 850, batches: { block: { of: 3 }, reissue: { reported: 0, of: 3 }, notify: { reported: 0, of: 2 } } });

    // Blocking: every batch reports, and the progress counts from the cards' rows.
    const blocked = await stageOver(incident.id, 'block', 'every block batch to report');
    expect(blocked.progress).toMatchObject({ total: 2500, blocked: 2497, failed: 3, reissued: 0 });
    expect(blocked.firstProtectiveActionAt).not.toBeNull();
    const blocks = await executedPerCard<BlockResult>(t.simulator.url, '/v1/cards/block-batch');
    const blocksPerCard = countBy(blocks, (r) => r.cardRef);
    expect(blocksPerCard.size).toBe(2500);
    expect([...blocksPerCard.values()].every((n) => n === 1)).toBe(true);
    expect(blocks.filter((r) => 'refused' in r).map((r) => r.cardRef).sort()).toEqual(unknown.map((c) => c.cardRef).sort());
    const atBank = (await (await fetch(`${t.simulator.url}/v1/customers/${known[0].customerRef}/cards`)).json()) as { cards: { status: string }[] };
    expect(atBank.cards.map((c) => c.status)).toEqual(['blocked', 'blocked', 'blocked']);

    // Reissuing: only the blocked cards get new ones, each exactly once.
    expect((await send(incident.id, 'BLOCKS_CONFIRMED')).state).toBe('reissuing');
    const reissued = await stageOver(incident.id, 'reissue', 'every reissue batch to report');
    expect(reissued.progress).toMatchObject({ reissued: 2497, reissueFailed: 0 });
    const reissues = await executedPerCard<ReissueResult>(t.simulator.url, '/v1/cards/reissue-batch');
    const reissuesPerCard = countBy(reissues, (r) => r.cardRef);
    expect(reissuesPerCard.size).toBe(2497);
    expect([...reissuesPerCard.values()].every((n) => n === 1)).toBe(true);
    expect(unknown.some((c) => reissuesPerCard.has(c.cardRef))).toBe(false);

    // Notifying: one message per customer, naming all of their cards.
    expect((await send(incident.id, 'REISSUES_CONFIRMED')).state).toBe('notifying');
    const notified = await stageOver(incident.id, 'notify', 'every notice batch to report');
    expect(notified.progress!.customersNotified).toBe(850);
    const messages: { customer_ref: string; message: string; template: string; channel: string }[] = await db.query(
      `SELECT customer_ref, message, template, channel FROM notifications WHERE incident_id = $1`,
      [incident.id],
    );
    expect(messages).toHaveLength(850);
    expect(new Set(messages.map((m) => m.customer_ref)).size).toBe(850);
    expect(messages.every((m) => m.template === 'breach-notice' && m.channel === 'sms')).toBe(true);
    const threeCards = messages.find((m) => m.customer_ref === known[0].customerRef)!.message;
    for (const card of cards.filter((c) => c.customerRef === known[0].customerRef)) expect(threeCards).toContain(card.last4);
    expect(threeCards).toMatch(/^Your cards .* We have blocked them, so your money is safe\. New cards will reach the address you gave the bank by \d+ \w+ \d{4}\./);
    const unlucky = messages.find((m) => m.customer_ref === unknown[0].customerRef)!.message;
    expect(unlucky).toContain('Please call us about cards ending 0007, 0008 and 0009.');

    const resolved = await send(notified.id, 'NOTICES_CONFIRMED');
    expect(resolved).toMatchObject({ status: 'resolved', step: null, progress: { total: 2500, blocked: 2497, failed: 3, reissued: 2497, customersNotified: 850 } });

    // The incident holds one event per batch, not one per card: 1 + 3 block + 3 reissue + 2 notice reports + 3 steps.
    const events = resolved.timeline.map((e) => e.type);
    expect(events.filter((e) => e === 'CARD_BATCH_BLOCKED')).toHaveLength(3);
    expect(events.filter((e) => e === 'CUSTOMER_BATCH_NOTIFIED')).toHaveLength(2);
    expect(events.length).toBeLessThan(20);
    // Each batch says what core banking did with its cards; together, every card.
    const said = resolved.timeline.filter((e) => e.type === 'CARD_BATCH_BLOCKED').map((e) => /^Batch (\d): (\d+) card\(s\) blocked at core banking(?:, (\d+) refused)?$/.exec(e.summary));
    expect(said.every((m) => m !== null)).toBe(true);
    expect(said.map((m) => Number(m![1])).sort()).toEqual([0, 1, 2]);
    expect(said.reduce((sum, m) => sum + Number(m![2]), 0)).toBe(2497);
    expect(said.reduce((sum, m) => sum + Number(m![3] ?? 0), 0)).toBe(3);
  });

  it('puts every card on the audit trail: who asked for its block, what core banking answered, and its new card', async () => {
    const { cards, unknown } = breachList('audit');
    const incident = (await open({ breachRef: `breach-audit-${run}`, cards }).expect(201)).body as IncidentView;
    await stageOver(incident.id, 'block', 'every block batch to report');
    await send(incident.id, 'BLOCKS_CONFIRMED');
    await stageOver(incident.id, 'reissue', 'every reissue batch to report');

    const rows: { action: string; result: string; n: number }[] = await db.query(
      `SELECT action, result, count(*)::int AS n FROM card_actions WHERE incident_id = $1 GROUP BY action, result ORDER BY action, result`,
      [incident.id],
    );
    expect(rows).toEqual([
      { action: 'block', result: 'failed', n: 3 },
      { action: 'block', result: 'requested', n: 2500 },
      { action: 'block', result: 'succeeded', n: 2497 },
      { action: 'reissue', result: 'requested', n: 2497 },
      { action: 'reissue', result: 'succeeded', n: 2497 },
    ]);

    // Who blocked card X: the fraud engine asked, core banking confirmed, for this card's own customer.
    const card = cards[1234];
    const trail = (await t.http().get('/v1/audit/card-actions').query({ cardRef: card.cardRef }).set('Authorization', risk).expect(200)).body as CardActionPage;
    expect(trail.items.map((r) => [r.action, r.result, r.actor])).toEqual([
      ['block', 'requested', `fraud-engine-${run}`],
      ['block', 'succeeded', 'system:lifeline-worker'],
      ['reissue', 'requested', `sup-rita-${run}`],
      ['reissue', 'succeeded', 'system:lifeline-worker'],
    ]);
    expect(trail.items[1]).toMatchObject({ customerRef: card.customerRef, last4: card.last4, incidentId: incident.id, reason: 'compromised', channel: 'api', coreRef: expect.stringMatching(/^CB-/) });
    const refused = (await t.http().get('/v1/audit/card-actions').query({ cardRef: unknown[0].cardRef }).set('Authorization', risk).expect(200)).body as CardActionPage;
    expect(refused.items.map((r) => [r.result, r.failureReason])).toEqual([
      ['requested', null],
      ['failed', expect.stringContaining('not found')],
    ]);

    const verified = await t.http().get('/v1/audit/verify').set('Authorization', risk).expect(200);
    expect(verified.body).toMatchObject({ ok: true, firstBrokenId: null });
  });

  it('a batch job that runs again after reaching core banking (its worker killed before it reported) blocks nothing twice and adds no trail rows', async () => {
    const cards = breachList('again').cards.slice(0, 40);
    const incident = (await open({ breachRef: `breach-again-${run}`, cards }).expect(201)).body as IncidentView;
    await stageOver(incident.id, 'block', 'the block batch to report');
    const trailRows = async () => (await db.query(`SELECT count(*)::int AS n FROM card_actions WHERE incident_id = $1`, [incident.id]))[0].n;
    expect(await trailRows()).toBe(80);

    const [effect] = await db.query(`SELECT id FROM effects WHERE incident_id = $1 AND kind = 'blockCardBatch'`, [incident.id]);
    await db.query(`UPDATE effects SET status = 'running' WHERE id = $1`, [effect.id]);
    await t.app.get(EffectRunner).run(effect.id);

    const calls = (await ledger(t.simulator.url)).filter((e) => e.path === '/v1/cards/block-batch' && e.cardRefs?.includes(cards[0].cardRef));
    expect(calls.map((e) => [e.idempotencyKey, e.replayed])).toEqual([
      [effect.id, false],
      [effect.id, true],
    ]);
    expect(await trailRows()).toBe(80);
    expect((await get(incident.id)).progress).toMatchObject({ total: 40, blocked: 40, failed: 0, batches: { block: { reported: 1, of: 1 } } });
  });

  it('returns the open incident when the same breach is reported again', async () => {
    const cards = breachList('dedupe').cards.slice(0, 2);
    const first = (await open({ breachRef: `breach-twice-${run}`, cards }).expect(201)).body as IncidentView;
    const again = await open({ breachRef: `breach-twice-${run}`, cards }).expect(200);
    expect(again.body).toMatchObject({ id: first.id, deduplicated: true });
  });

  it('refuses a bad card list with one 400 naming each problem, and never echoes a card number', async () => {
    const card = { cardRef: `card_cust-bad-${run}_1`, last4: '1234', customerRef: `cust-bad-${run}` };
    const response = await open({
      breachRef: `breach-bad-${run}`,
      cards: [card, { ...card, last4: '12' }, { ...card, pan: '1' }],
    }).expect(400);
    expect(response.body).toMatchObject({ error: 'bad_request' });
    expect(response.body.details.problems).toEqual([
      `cards[1].cardRef: ${card.cardRef} is listed twice`,
      'cards[1].last4: must be exactly 4 digits',
      'cards[2].pan: unknown field',
      `cards[2].cardRef: ${card.cardRef} is listed twice`,
    ]);
    // A card number anywhere in the list is refused before the list is read, naming where it is.
    const pan = await open({ breachRef: `breach-bad-${run}`, cards: [card, { cardRef: '4111111111111111', last4: '1111', customerRef: 'cust-x' }] }).expect(400);
    expect(pan.body.details.fields).toEqual([{ field: 'body.cards[1].cardRef', problems: ['looks like a full card number, which is never accepted'] }]);
    expect(JSON.stringify(pan.body)).not.toContain('4111111111111111');

    const tooMany = Array.from({ length: 100_001 }, (_, i) => ({ cardRef: `card_${i}`, last4: '0000', customerRef: 'cust-many' }));
    expect((await open({ breachRef: `breach-huge-${run}`, cards: tooMany }).expect(400)).body.details.problems).toEqual(['cards: must list 1 to 100000 cards']);
  });

  it('is opened only by a fraud engine or a supervisor, and only on its own route', async () => {
    const cards = breachList('routes').cards.slice(0, 1);
    await open({ breachRef: `breach-op-${run}`, cards }, operator).expect(403);
    const generic = await t.http().post('/v1/incidents').set('Authorization', fraudEngine).send({ playbook: 'mass-compromise', customerRef: `breach-generic-${run}`, channel: 'api' }).expect(400);
    expect(generic.body.message).toContain('POST /v1/incidents/mass-compromise');
  });
});
