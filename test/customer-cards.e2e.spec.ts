import { bearer, startTestApp, uniqueCustomer, type TestApp } from './support/test-app.js';
import { ledger } from './support/ledger.js';

/** The start form's card list: what core banking says about the customer now, read through the simulator over HTTP. */
describe('GET /v1/customers/:customerRef/cards', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const cardsOf = (ref: string, roles: Parameters<typeof bearer>[0] = ['operator']) => t.http().get(`/v1/customers/${ref}/cards`).set('Authorization', bearer(roles));
  const setFaults = (faults: object) => fetch(`${t.simulator.url}/faults`, { method: 'PUT', body: JSON.stringify(faults) });

  it('lists the customer’s cards with product, last 4 and status, as core banking holds them', async () => {
    const customerRef = uniqueCustomer('cards');
    const core = (await (await fetch(`${t.simulator.url}/v1/customers/${customerRef}/cards`)).json()) as {
      cards: { cardRef: string; last4: string; product: string; status: string }[];
    };
    const res = await cardsOf(customerRef).expect(200);
    expect(res.body).toEqual({ cards: core.cards.map(({ cardRef, last4, product, status }) => ({ cardRef, last4, product, status })) });
    expect(res.body.cards.length).toBeGreaterThan(0);
    for (const card of res.body.cards) expect(card.last4).toMatch(/^\d{4}$/);
  });

  it('shows a blocked card as blocked', async () => {
    const customerRef = uniqueCustomer('cards-blocked');
    const { cards } = (await cardsOf(customerRef).expect(200)).body as { cards: { cardRef: string }[] };
    await fetch(`${t.simulator.url}/v1/cards/${cards[0].cardRef}/block`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `t-${customerRef}` },
      body: JSON.stringify({ reason: 'lost', mode: 'block' }),
    });
    const after = (await cardsOf(customerRef, ['supervisor']).expect(200)).body as { cards: { cardRef: string; status: string }[] };
    expect(after.cards.find((c) => c.cardRef === cards[0].cardRef)?.status).toBe('blocked');
    expect(after.cards.filter((c) => c.status === 'blocked')).toHaveLength(1);
  });

  it('answers 404 for a customer core banking does not know', async () => {
    const res = await cardsOf('nobody-at-this-bank').expect(404);
    expect(res.body).toEqual({ error: 'not_found', message: 'Core banking does not know customer nobody-at-this-bank' });
  });

  it('answers 400 naming the field for a ref that is not a customer ref, without asking core banking', async () => {
    const before = (await ledger(t.simulator.url)).length;
    const res = await cardsOf('not%20a%20ref').expect(400);
    expect(res.body).toMatchObject({ error: 'bad_request', message: expect.stringContaining('customerRef'), details: { field: 'customerRef' } });
    expect((await ledger(t.simulator.url)).length).toBe(before);
  });

  it('answers 503 with a clear message when core banking does not answer', async () => {
    await setFaults({ errorRate: 1 });
    try {
      const res = await cardsOf(uniqueCustomer('cards-down')).expect(503);
      expect(res.body).toEqual({ error: 'service_unavailable', message: "Core banking did not answer with the customer's cards; try again in a moment" });
    } finally {
      await setFaults({});
    }
  });

  it('is refused to risk and system (403)', async () => {
    await cardsOf('demo-traveller', ['risk']).expect(403);
    await cardsOf('demo-traveller', ['system']).expect(403);
  });
});
