import type { CardActionView } from '../src/audit/card-action.view.js';
import type { CardRefused } from '../src/core-banking/core-banking.port.js';
import { newCard } from '../src/simulator/seed.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { executedBlocks, ledger } from './support/ledger.js';
import { bearer, eventually, startTestApp, type TestApp, uniqueCustomer } from './support/test-app.js';

const operator = bearer(['operator'], 'op-merge');
const fraudEngine = bearer(['system'], 'fraud-engine-7');
const risk = bearer(['risk'], 'risk-merge');

type Card = { cardRef: string; last4: string; status: string };
type Merged = IncidentView & { deduplicated: true; addedCards: { cardRef: string; last4: string }[] };

/** A trigger that finds an incident open adds the cards it names, protected like the others; never dropped. */
describe('merging onto an open incident', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const cardsAtBank = async (customerRef: string) => ((await (await fetch(`${t.simulator.url}/v1/customers/${customerRef}/cards`)).json()) as { cards: Card[] }).cards;
  const open = (body: Record<string, unknown>, token = operator) => t.http().post('/v1/incidents').set('Authorization', token).send(body);
  const get = async (id: string) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body as IncidentView;
  const send = async (view: IncidentView, type: string, data: Record<string, unknown> = {}) =>
    (await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type, data }).expect(200)).body as IncidentView;
  const trail = async (incidentId: string) =>
    (await t.http().get(`/v1/audit/card-actions?incidentId=${incidentId}`).set('Authorization', risk).expect(200)).body.items as CardActionView[];

  it("adds the fraud engine's new card to the open incident and blocks it at once, exactly once; an overlapping list adds only what is new", async () => {
    const customerRef = uniqueCustomer('fraud-merge');
    const [first, second, third] = await cardsAtBank(customerRef);
    const trigger = (cards: Card[]) =>
      open({ playbook: 'card-compromised', customerRef, channel: 'api', contactChannel: 'push', cards: cards.map(({ cardRef, last4 }) => ({ cardRef, last4 })) }, fraudEngine);

    const opened: IncidentView = (await trigger([first]).expect(201)).body;
    await eventually(async () => (await get(opened.id)).cards[0].status === 'blocked', 'the first card blocked');

    // The same engine reports a second compromised card of the customer, listing the first one again.
    const merged: Merged = (await trigger([first, second]).expect(200)).body;
    expect(merged).toMatchObject({ id: opened.id, deduplicated: true, addedCards: [{ cardRef: second.cardRef, last4: second.last4 }] });
    expect(merged.cards.map((c) => [c.cardRef, c.status])).toEqual([
      [first.cardRef, 'blocked'],
      [second.cardRef, 'blocking'],
    ]);
    const added = merged.timeline.find((e) => e.type === 'CARDS_ADDED')!;
    expect(added).toMatchObject({ actor: 'fraud-engine-7', summary: `1 card(s) added to the open incident (ending ${second.last4})` });

    const done = await eventually(async () => {
      const v = await get(opened.id);
      return v.cards.every((c) => c.status === 'blocked') && v;
    }, 'the added card blocked');
    expect(done.step?.id).toBe(opened.step?.id);
    // A third report repeating both cards adds nothing and blocks nothing again.
    const repeated: Merged = (await trigger([second, first]).expect(200)).body;
    expect(repeated).toMatchObject({ id: opened.id, deduplicated: true, addedCards: [] });
    expect(repeated.timeline.filter((e) => e.type === 'CARDS_ADDED')).toHaveLength(1);

    // At core banking: each card blocked exactly once, the untouched third card still active.
    expect(await executedBlocks(t.simulator.url, first.cardRef)).toHaveLength(1);
    expect(await executedBlocks(t.simulator.url, second.cardRef)).toHaveLength(1);
    expect(await executedBlocks(t.simulator.url, third.cardRef)).toHaveLength(0);
    expect((await cardsAtBank(customerRef)).map((c) => c.status)).toEqual(['blocked', 'blocked', 'active']);

    // Audited like the first: asked for by the engine's trigger, confirmed by core banking.
    const rows = (await trail(opened.id)).filter((r) => r.cardRef === second.cardRef).map((r) => [r.action, r.result, r.actor, r.last4]);
    expect(rows).toEqual([
      ['block', 'requested', 'fraud-engine-7', second.last4],
      ['block', 'succeeded', 'system:lifeline-worker', second.last4],
    ]);
  });

  it('refuses with 422 a card core banking holds for another customer, and changes nothing', async () => {
    const customerRef = uniqueCustomer('owner');
    const [mine] = await cardsAtBank(customerRef);
    const [theirs] = await cardsAtBank(uniqueCustomer('someone-else'));
    const opened: IncidentView = (await open({ playbook: 'stolen-wallet', customerRef, channel: 'phone', cards: [{ cardRef: mine.cardRef, last4: mine.last4 }] }).expect(201)).body;

    const refused = await open({ playbook: 'stolen-wallet', customerRef, channel: 'phone', cards: [{ cardRef: theirs.cardRef, last4: theirs.last4 }] }).expect(422);
    expect(refused.body).toMatchObject({
      error: 'card_of_another_customer',
      message: `Core banking holds the card ending ${theirs.last4} (${theirs.cardRef}) for another customer, not ${customerRef}; nothing was opened or changed`,
      details: { cards: [{ cardRef: theirs.cardRef, last4: theirs.last4 }] },
    });
    const after = await get(opened.id);
    expect(after.timeline.map((e) => e.type)).not.toContain('CARDS_ADDED');
    expect(after.cards.map((c) => c.cardRef)).toEqual([mine.cardRef]);
    // Nor is a new incident opened for it.
    await open({ playbook: 'lost-card', customerRef, channel: 'phone', cards: [{ cardRef: theirs.cardRef, last4: theirs.last4 }] }).expect(422);
    const list = (await t.http().get(`/v1/incidents?customerRef=${customerRef}`).set('Authorization', operator).expect(200)).body;
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([opened.id]);
  });

  it('a card added before any card is protected waits with the others, and is blocked with them', async () => {
    const customerRef = uniqueCustomer('early-merge');
    const [first, second] = await cardsAtBank(customerRef);
    const opened: IncidentView = (await open({ playbook: 'stolen-wallet', customerRef, channel: 'phone', cards: [{ cardRef: first.cardRef, last4: first.last4 }] }).expect(201))
      .body;
    const merged: Merged = (await open({ playbook: 'stolen-wallet', customerRef, channel: 'chat', cards: [{ cardRef: second.cardRef, last4: second.last4 }] }).expect(200)).body;
    expect(merged.addedCards).toEqual([{ cardRef: second.cardRef, last4: second.last4 }]);
    expect(merged.cards.map((c) => c.status)).toEqual(['active', 'active']);
    expect(merged.timeline.find((e) => e.type === 'CARDS_ADDED')).toMatchObject({ actor: 'op-merge' });

    await send(await get(opened.id), 'CUSTOMER_READY');
    await send(await get(opened.id), 'IDENTITY_VERIFIED');
    await eventually(async () => (await get(opened.id)).cards.every((c) => c.status === 'blocked'), 'both cards blocked');
    expect(await executedBlocks(t.simulator.url, first.cardRef)).toHaveLength(1);
    expect(await executedBlocks(t.simulator.url, second.cardRef)).toHaveLength(1);
  });

  it('records the last 4 core banking returns, and flags the different one the caller gave on the view, the timeline and the case file', async () => {
    const customerRef = uniqueCustomer('last4');
    const [card] = await cardsAtBank(customerRef);
    const said = card.last4 === '1112' ? '2221' : '1112';
    const opened: IncidentView = (await open({ playbook: 'stolen-wallet', customerRef, channel: 'phone', cards: [{ cardRef: card.cardRef, last4: said }] }).expect(201)).body;
    expect(opened.cards).toEqual([expect.objectContaining({ cardRef: card.cardRef, last4: card.last4 })]);
    expect(opened.cardCheck).toEqual({
      pending: false,
      last4Mismatches: [{ cardRef: card.cardRef, stated: said, last4: card.last4 }],
      notTheCustomers: [],
      notes: [{ do: `The caller gave last 4 ${said} for card ${card.cardRef}; core banking says ${card.last4}, which is kept. Confirm the card with the customer.` }],
    });
    expect(opened.timeline[0].summary).toBe(`Incident opened (phone) for 1 card(s); the caller said ${said}, core banking says ${card.last4}`);

    await send(opened, 'CUSTOMER_READY');
    await send(await get(opened.id), 'IDENTITY_VERIFIED');
    await eventually(async () => (await get(opened.id)).cards[0].status === 'blocked', 'the card blocked');
    // The trail carries core banking's last 4, never the one misheard on the phone.
    const rows = (await trail(opened.id)).filter((r) => r.cardRef === card.cardRef);
    expect(rows.map((r) => [r.action, r.result, r.last4])).toEqual([
      ['block', 'requested', card.last4],
      ['block', 'succeeded', card.last4],
    ]);
    const file = (await t.http().get(`/v1/audit/incidents/${opened.id}/case-file`).set('Authorization', risk).expect(200)).body;
    expect(file.cardCheck).toEqual({ pending: false, allCards: false, last4Mismatches: [{ cardRef: card.cardRef, stated: said, last4: card.last4 }], notTheCustomers: [] });
    expect(file.timeline[0].data).toMatchObject({ last4Mismatches: [{ cardRef: card.cardRef, stated: said, last4: card.last4 }] });

    // In Russian for a Russian incident.
    const ruCustomer = uniqueCustomer('last4-ru');
    const [ruCard] = await cardsAtBank(ruCustomer);
    const ru: IncidentView = (
      await open({
        playbook: 'stolen-wallet',
        customerRef: ruCustomer,
        channel: 'phone',
        locale: 'ru',
        cards: [{ cardRef: ruCard.cardRef, last4: said === ruCard.last4 ? '0000' : said }],
      }).expect(201)
    ).body;
    expect(ru.cardCheck?.notes[0].do).toMatch(/^Клиент назвал последние цифры \d{4} для карты .+, а банковская система — \d{4}; сохранены цифры из системы\./);
    expect(ru.timeline[0].summary).toContain(`в банковской системе ${ruCard.last4}`);
  });

  it('finds a card named by its last 4 among the customer’s cards, and refuses with 422 a last 4 that names none or several', async () => {
    const customerRef = uniqueCustomer('by-last4');
    const [, second] = await cardsAtBank(customerRef);
    const opened: IncidentView = (await open({ playbook: 'lost-card', customerRef, channel: 'phone', cards: [{ last4: second.last4 }] }).expect(201)).body;
    expect(opened.cards).toEqual([expect.objectContaining({ cardRef: second.cardRef, last4: second.last4 })]);
    expect(opened.cardCheck).toBeNull();

    const other = uniqueCustomer('by-last4-none');
    const own = new Set((await cardsAtBank(other)).map((c) => c.last4));
    const absent = ['0000', '1111', '2222', '3333'].find((l) => !own.has(l))!;
    const refused = await open({ playbook: 'lost-card', customerRef: other, channel: 'phone', cards: [{ last4: absent }] }).expect(422);
    expect(refused.body).toMatchObject({
      error: 'card_not_identified',
      message: `Core banking cannot tell which card of ${other} is meant by the card ending ${absent} (none of theirs ends so): name it by its cardRef; nothing was opened or changed`,
      details: { cards: [{ last4: absent, matching: 0 }] },
    });
    expect((await t.http().get(`/v1/incidents?customerRef=${other}`).set('Authorization', operator).expect(200)).body.items).toEqual([]);
  });

  it('asks core banking about named cards, with a lookup only for a card not among the customer’s own', async () => {
    const customerRef = uniqueCustomer('lookups');
    const [card] = await cardsAtBank(customerRef);
    await fetch(`${t.simulator.url}/ledger`, { method: 'DELETE' });
    await open({ playbook: 'lost-card', customerRef, channel: 'phone', cards: [{ cardRef: card.cardRef, last4: card.last4 }] }).expect(201);
    const asked = (await ledger(t.simulator.url)).filter((e) => e.method === 'GET').map((e) => e.path);
    expect(asked).toContain(`/v1/customers/${customerRef}/cards`);
    expect(asked.filter((p) => p.startsWith('/v1/cards/'))).toEqual([]);
  });

  it('a breach re-sent with 10 more cards adds them to the same breach: total, progress, blocks, new cards and notices count them', async () => {
    const label = uniqueCustomer('breach-merge');
    const card = (customer: number, n: number) => {
      const customerRef = `${label}-${customer}`;
      return { ...newCard(`card_${customerRef}_${n}`, 'any'), customerRef };
    };
    // 20 cards of 10 customers; then the engine re-sends them with 10 more: 4 of known customers, 6 of 3 new ones.
    const firstList = Array.from({ length: 20 }, (_, i) => card(i % 10, 1 + Math.floor(i / 10)));
    const more = [card(0, 3), card(1, 3), card(2, 3), card(3, 3), ...Array.from({ length: 6 }, (_, i) => card(10 + (i % 3), 1 + Math.floor(i / 3)))];
    const breachRef = `breach-${label}`;
    const post = (cards: typeof firstList) =>
      t
        .http()
        .post('/v1/incidents/mass-compromise')
        .set('Authorization', fraudEngine)
        .send({ breachRef, cards: cards.map(({ cardRef, last4, customerRef }) => ({ cardRef, last4, customerRef })) });

    const opened: IncidentView = (await post(firstList).expect(201)).body;
    expect(opened.progress).toMatchObject({ total: 20, customers: 10 });
    const stageOver = (stage: 'block' | 'reissue' | 'notify') =>
      eventually(
        async () => {
          const v = await get(opened.id);
          return v.progress!.batches[stage].reported === v.progress!.batches[stage].of && v;
        },
        `the ${stage} stage`,
        20_000,
      );
    await stageOver('block');

    const merged: Merged = (await post([...firstList, ...more]).expect(200)).body;
    expect(merged).toMatchObject({ id: opened.id, deduplicated: true });
    expect(merged.addedCards).toEqual(more.map(({ cardRef, last4 }) => ({ cardRef, last4 })));
    expect(merged.progress).toMatchObject({ total: 30, customers: 13, batches: { block: { of: 2 }, reissue: { of: 2 }, notify: { of: 2 } } });
    expect(merged.timeline.find((e) => e.type === 'CARDS_ADDED')).toMatchObject({ actor: 'fraud-engine-7', summary: '10 card(s) added to the open incident' });

    const blocked = await stageOver('block');
    expect(blocked.progress).toMatchObject({ total: 30, blocked: 30, failed: 0 });
    const executed = (await ledger(t.simulator.url)).filter((e) => e.method === 'POST' && e.path === '/v1/cards/block-batch' && e.status === 200 && !e.replayed);
    const perCard = executed.flatMap((e) => (e.answer as { results: ({ cardRef: string } | CardRefused)[] }).results.map((r) => r.cardRef));
    for (const c of [...firstList, ...more]) expect(perCard.filter((ref) => ref === c.cardRef)).toHaveLength(1);

    // The later stages take the new cards like the first ones.
    await t.http().post(`/v1/incidents/${opened.id}/events`).set('Authorization', fraudEngine).send({ type: 'BLOCKS_CONFIRMED' }).expect(200);
    expect((await stageOver('reissue')).progress).toMatchObject({ reissued: 30 });
    await t.http().post(`/v1/incidents/${opened.id}/events`).set('Authorization', fraudEngine).send({ type: 'REISSUES_CONFIRMED' }).expect(200);
    expect((await stageOver('notify')).progress).toMatchObject({ customers: 13, customersNotified: 13 });
  });

  it('a breach re-sent after its blocks were confirmed: the new cards are blocked, get new cards and their customers are told, and the breach can close', async () => {
    const label = uniqueCustomer('late-breach');
    const card = (customer: number, n: number) => ({ ...newCard(`card_${label}-${customer}_${n}`, 'any'), customerRef: `${label}-${customer}` });
    const firstList = Array.from({ length: 6 }, (_, i) => card(i % 3, 1 + Math.floor(i / 3)));
    const more = [card(0, 3), card(7, 1), card(7, 2)];
    const breachRef = `breach-${label}`;
    const post = (cards: typeof firstList) =>
      t
        .http()
        .post('/v1/incidents/mass-compromise')
        .set('Authorization', fraudEngine)
        .send({ breachRef, cards: cards.map(({ cardRef, last4, customerRef }) => ({ cardRef, last4, customerRef })) });
    const advance = (id: string, type: string) => t.http().post(`/v1/incidents/${id}/events`).set('Authorization', fraudEngine).send({ type }).expect(200);
    const stageOver = (id: string, stage: 'block' | 'reissue' | 'notify') =>
      eventually(
        async () => {
          const v = await get(id);
          return v.progress!.batches[stage].reported === v.progress!.batches[stage].of && v;
        },
        `the ${stage} stage`,
        20_000,
      );

    const opened: IncidentView = (await post(firstList).expect(201)).body;
    await stageOver(opened.id, 'block');
    await advance(opened.id, 'BLOCKS_CONFIRMED');
    await stageOver(opened.id, 'reissue');
    await advance(opened.id, 'REISSUES_CONFIRMED');
    // Re-sent while the customers are being told: the new cards catch up stage by stage.
    const merged: Merged = (await post([...firstList, ...more]).expect(200)).body;
    expect(merged.addedCards.map((c) => c.cardRef)).toEqual(more.map((c) => c.cardRef));
    expect(merged.progress).toMatchObject({ total: 9, customers: 4 });
    const told = await stageOver(opened.id, 'notify');
    expect(told.progress).toMatchObject({
      total: 9,
      blocked: 9,
      reissued: 9,
      customers: 4,
      customersNotified: 4,
      batches: { block: { of: 2 }, reissue: { of: 2 }, notify: { of: 2 } },
    });
    const done = (await advance(opened.id, 'NOTICES_CONFIRMED')).body as IncidentView;
    expect(done.status).toBe('resolved');
    const reissues = (await ledger(t.simulator.url)).filter((e) => e.method === 'POST' && e.path === '/v1/cards/reissue-batch' && e.status === 200 && !e.replayed);
    const perCard = reissues.flatMap((e) => (e.answer as { results: ({ cardRef: string } | CardRefused)[] }).results.map((r) => r.cardRef));
    for (const c of [...firstList, ...more]) expect(perCard.filter((ref) => ref === c.cardRef)).toHaveLength(1);
  });
});
