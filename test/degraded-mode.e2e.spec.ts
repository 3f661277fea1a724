import type { CardActionView } from '../src/audit/card-action.view.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { executedBlocks } from './support/ledger.js';
import { bearer, eventually, startTestApp, type TestApp, uniqueCustomer } from './support/test-app.js';

const operator = bearer(['operator'], 'op-outage');
const risk = bearer(['risk'], 'risk-outage');
const WORKER = 'system:lifeline-worker';

type Card = { cardRef: string; last4: string; status: string };

/** Core banking down at open: the incident still opens, the operator is guided to block by phone, and the cards are reconciled once it answers. */
describe('degraded mode: core banking does not answer at open', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ EFFECT_MAX_ATTEMPTS: '2', EFFECT_BACKOFF_MS: '20', CARD_RECONCILE_RETRY_SECONDS: '1' })));
  afterAll(() => t.close());

  const setFaults = (faults: Record<string, number>) =>
    fetch(`${t.simulator.url}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  const cardsAtBank = async (customerRef: string) => ((await (await fetch(`${t.simulator.url}/v1/customers/${customerRef}/cards`)).json()) as { cards: Card[] }).cards;
  const open = (body: Record<string, unknown>) => t.http().post('/v1/incidents').set('Authorization', operator).send(body);
  const get = async (id: string) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body as IncidentView;
  const send = async (id: string, type: string, data: Record<string, unknown> = {}) =>
    (await t.http().post(`/v1/incidents/${id}/events`).set('Authorization', operator).send({ type, data }).expect(200)).body as IncidentView;
  const trail = async (incidentId: string) =>
    (await t.http().get(`/v1/audit/card-actions?incidentId=${incidentId}`).set('Authorization', risk).expect(200)).body.items as CardActionView[];

  afterEach(() => setFaults({}));

  it('opens stolen-wallet with no cards instead of 503, guides the operator, and blocks every card once core banking answers again', async () => {
    const customerRef = uniqueCustomer('outage');
    const cards = await cardsAtBank(customerRef);
    await setFaults({ errorRate: 1 });

    const opened: IncidentView = (await open({ playbook: 'stolen-wallet', customerRef, channel: 'phone', locale: 'en' }).expect(201)).body;
    expect(opened.cards).toEqual([]);
    expect(opened.cardCheck).toMatchObject({ pending: true, last4Mismatches: [], notTheCustomers: [] });
    // A flag for the operator, with the number to call from config; nothing to say beside the step's one voice.
    expect(opened.cardCheck!.notes).toEqual([
      {
        do: 'Core banking is not answering, so the cards are not confirmed. Call the card-processing hotline on +7 495 000-11-22, block the cards by phone and record their reference. Lifeline asks core banking again and blocks any card still active once it answers.',
      },
    ]);
    expect(opened.timeline[0].summary).toBe('Incident opened (phone) for 0 card(s); core banking did not answer, cards not confirmed');

    await send(opened.id, 'CUSTOMER_READY');
    await send(opened.id, 'IDENTITY_VERIFIED');
    // No card is not every card blocked: the script cannot move on to "your cards are blocked".
    const premature = await t.http().post(`/v1/incidents/${opened.id}/events`).set('Authorization', operator).send({ type: 'BLOCKS_CONFIRMED' }).expect(422);
    expect(premature.body.message).toBe(
      "Core banking has not listed the customer's cards yet: name the cards the customer knows by their last 4, or wait until core banking answers",
    );
    // Still down: Lifeline keeps asking (a given-up ask is asked again, CARD_RECONCILE_RETRY_SECONDS later).
    await eventually(async () => (await get(opened.id)).timeline.some((e) => e.type === 'CARDS_RECONCILE_FAILED'), 'a failed ask for the cards');
    const waiting = await get(opened.id);
    expect(waiting.cards).toEqual([]);
    expect(waiting.step?.attention.map((a) => a.kind)).toContain('reconcileCards');

    await setFaults({});
    const reconciled = await eventually(
      async () => {
        const v = await get(opened.id);
        return v.cards.length === 3 && v.cards.every((c) => c.status === 'blocked') && v;
      },
      'the cards reconciled and blocked',
      20_000,
    );
    expect(reconciled.cards.map((c) => [c.cardRef, c.last4])).toEqual(cards.map((c) => [c.cardRef, c.last4]));
    expect(reconciled.cardCheck).toBeNull();
    // The warning is gone with its cause.
    expect(reconciled.step?.attention.filter((a) => a.kind === 'reconcileCards')).toEqual([]);
    expect(reconciled.timeline.filter((e) => e.type === 'CARDS_RECONCILED')).toEqual([expect.objectContaining({ actor: WORKER })]);
    for (const card of cards) expect(await executedBlocks(t.simulator.url, card.cardRef)).toHaveLength(1);
    expect((await cardsAtBank(customerRef)).map((c) => c.status)).toEqual(['blocked', 'blocked', 'blocked']);
    const rows = await trail(opened.id);
    for (const card of cards)
      expect(rows.filter((r) => r.cardRef === card.cardRef).map((r) => [r.action, r.result, r.last4])).toEqual([
        ['block', 'requested', card.last4],
        ['block', 'succeeded', card.last4],
      ]);
  });

  it('named cards blocked by phone while core banking is down are blocked at core banking once it answers; its last 4 is kept and a card not the customer’s is flagged', async () => {
    const customerRef = uniqueCustomer('outage-named');
    const [own, untouched] = await cardsAtBank(customerRef);
    const [stranger] = await cardsAtBank(uniqueCustomer('stranger'));
    const said = own.last4 === '1112' ? '2221' : '1112';
    await setFaults({ errorRate: 1 });

    const body = {
      playbook: 'stolen-wallet',
      customerRef,
      channel: 'phone',
      locale: 'ru',
      cards: [
        { cardRef: own.cardRef, last4: said },
        { cardRef: stranger.cardRef, last4: stranger.last4 },
      ],
    };
    const opened: IncidentView = (await open(body).expect(201)).body;
    // Protected first, as the caller named them.
    expect(opened.cards.map((c) => [c.cardRef, c.last4])).toEqual([
      [own.cardRef, said],
      [stranger.cardRef, stranger.last4],
    ]);
    expect(opened.cardCheck?.notes[0]).toEqual({
      do: 'Банковская система не отвечает, карты не подтверждены. Позвоните на горячую линию процессинга по номеру +7 495 000-11-22, заблокируйте карты по телефону и запишите номер обращения. Lifeline повторит запрос и заблокирует карты, которые ещё активны, как только система ответит.',
    });

    await send(opened.id, 'CUSTOMER_READY');
    await send(opened.id, 'IDENTITY_VERIFIED');
    await eventually(async () => (await get(opened.id)).state === 'block_failed', 'the blocks given up');
    const byPhone = await send(opened.id, 'BLOCKED_BY_CARD_PROCESSING', { reference: 'PRC-5150', contact: 'night desk' });
    expect(byPhone.cards.map((c) => c.status)).toEqual(['blocked', 'blocked']);

    await setFaults({});
    const reconciled = await eventually(
      async () => {
        const v = await get(opened.id);
        return v.cardCheck?.pending === false && v.cards[0].status === 'blocked' && v.timeline.some((e) => e.type === 'CARD_BLOCKED') && v;
      },
      'the cards reconciled',
      20_000,
    );
    // Core banking still had the card active: Lifeline blocked it, once; the stranger's card is not touched again, the untouched card never.
    expect(await executedBlocks(t.simulator.url, own.cardRef)).toHaveLength(1);
    expect(await executedBlocks(t.simulator.url, stranger.cardRef)).toHaveLength(0);
    expect(await executedBlocks(t.simulator.url, untouched.cardRef)).toHaveLength(0);
    expect(reconciled.cards.map((c) => [c.cardRef, c.last4])).toEqual([
      [own.cardRef, own.last4],
      [stranger.cardRef, stranger.last4],
    ]);
    expect(reconciled.cardCheck).toMatchObject({
      pending: false,
      last4Mismatches: [{ cardRef: own.cardRef, stated: said, last4: own.last4 }],
      notTheCustomers: [{ cardRef: stranger.cardRef, last4: stranger.last4 }],
    });
    expect(reconciled.cardCheck!.notes.map((n) => n.do)).toEqual([
      `Клиент назвал последние цифры ${said} для карты ${own.cardRef}, а банковская система — ${own.last4}; сохранены цифры из системы. Уточните карту у клиента.`,
      `Банковская система не числит карту с последними цифрами ${stranger.last4} (${stranger.cardRef}) за этим клиентом: карта остаётся под защитой, сообщите в отдел по борьбе с мошенничеством.`,
    ]);

    // Risk sees the whole story: the block by phone, then core banking's own block, and the flags.
    const story = (await trail(opened.id)).filter((r) => r.cardRef === own.cardRef).map((r) => [r.action, r.result, r.coreRef?.startsWith('CB-') ? 'CB' : r.coreRef]);
    expect(story).toEqual([
      ['block', 'requested', null],
      ['block', 'failed', null],
      ['block', 'succeeded', 'PRC-5150'],
      ['block', 'requested', null],
      ['block', 'succeeded', 'CB'],
    ]);
    const file = (await t.http().get(`/v1/audit/incidents/${opened.id}/case-file`).set('Authorization', risk).expect(200)).body;
    expect(file.cardCheck).toMatchObject({ pending: false, notTheCustomers: [{ cardRef: stranger.cardRef }], last4Mismatches: [{ cardRef: own.cardRef, stated: said }] });
    expect(file.timeline[0].data).toMatchObject({ cardsUnconfirmed: true });
  });

  it('cards the caller names by last 4 only: held as named, blocked by phone, then found at core banking by their last 4 and blocked there once', async () => {
    const customerRef = uniqueCustomer('outage-last4');
    const [first, second] = await cardsAtBank(customerRef);
    await setFaults({ errorRate: 1 });

    const opened: IncidentView = (await open({ playbook: 'stolen-wallet', customerRef, channel: 'phone', locale: 'en', cards: [{ last4: first.last4 }] }).expect(201)).body;
    expect(opened.cards).toEqual([expect.objectContaining({ cardRef: `unlisted_${first.last4}`, last4: first.last4, status: 'active' })]);
    await send(opened.id, 'CUSTOMER_READY');
    await send(opened.id, 'IDENTITY_VERIFIED');
    // Without a ref there is nothing to ask core banking: the block is handed to the operator at once.
    const failed = await eventually(async () => {
      const v = await get(opened.id);
      return v.state === 'block_failed' && v;
    }, 'the block handed to the operator');
    expect(failed.step?.attention).toContainEqual(
      expect.objectContaining({
        kind: 'blockCard',
        failed: `Core banking did not confirm the block of the card ending ${first.last4} (core banking has not listed this card yet).`,
      }),
    );
    // The customer remembers a second card: the operator names it too, by its last 4, onto the same incident.
    const merged = (await open({ playbook: 'stolen-wallet', customerRef, channel: 'phone', cards: [{ last4: first.last4 }, { last4: second.last4 }] }).expect(200)).body;
    expect(merged).toMatchObject({ id: opened.id, deduplicated: true, addedCards: [{ cardRef: `unlisted_${second.last4}`, last4: second.last4 }] });
    await eventually(async () => (await get(opened.id)).cards.every((c) => c.status === 'block_failed'), 'both handed to the operator');
    await send(opened.id, 'BLOCKED_BY_CARD_PROCESSING', { reference: 'PRC-9001' });

    await setFaults({});
    const reconciled = await eventually(
      async () => {
        const v = await get(opened.id);
        return (
          v.cardCheck === null &&
          v.cards.every((c) => c.status === 'blocked' && !c.cardRef.startsWith('unlisted_')) &&
          v.timeline.filter((e) => e.type === 'CARD_BLOCKED').length === 2 &&
          v
        );
      },
      'the cards found and blocked at core banking',
      20_000,
    );
    expect(reconciled.cards.map((c) => c.cardRef)).toEqual([first.cardRef, second.cardRef]);
    expect(await executedBlocks(t.simulator.url, first.cardRef)).toHaveLength(1);
    expect(await executedBlocks(t.simulator.url, second.cardRef)).toHaveLength(1);
  });
});
