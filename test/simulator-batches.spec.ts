import { HttpCoreBankingAdapter } from '../src/core-banking/http-core-banking.adapter.js';
import type { LedgerEntry } from '../src/simulator/ledger.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/simulator.server.js';

const PAN = '4111111111111111';

/** The batch calls of a merchant breach: a thousand cards per call, one idempotency key per call, an answer per card. */
describe('core-banking batch calls', () => {
  let simulator: RunningSimulator;
  let bank: HttpCoreBankingAdapter;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0 });
    bank = new HttpCoreBankingAdapter(simulator.url);
  });
  afterAll(async () => {
    await simulator.close();
  });

  const post = async (path: string, body: unknown, key?: string) => {
    const response = await fetch(simulator.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key && { 'idempotency-key': key }) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const ledgerFor = async (cardRef: string) => ((await (await fetch(`${simulator.url}/ledger?cardRef=${cardRef}`)).json()) as { entries: LedgerEntry[] }).entries;
  const statusAtBank = async (customerRef: string) =>
    ((await (await fetch(`${simulator.url}/v1/customers/${customerRef}/cards`)).json()) as { cards: { status: string }[] }).cards.map((c) => c.status);

  it('blocks every card of a batch, answers card by card, and refuses only the cards it does not know', async () => {
    const cardRefs = ['card_cust-batch-a_1', 'card_cust-batch-a_2', 'card_cust-batch-a_9'];
    const results = await bank.blockCards({ cardRefs, reason: 'compromised', mode: 'block', idempotencyKey: 'batch-a' });
    expect(results).toEqual([
      { cardRef: 'card_cust-batch-a_1', status: 'blocked', coreRef: expect.stringMatching(/^CB-/), at: expect.any(String) },
      { cardRef: 'card_cust-batch-a_2', status: 'blocked', coreRef: expect.stringMatching(/^CB-/), at: expect.any(String) },
      { cardRef: 'card_cust-batch-a_9', refused: 'card card_cust-batch-a_9 not found' },
    ]);
    expect(await statusAtBank('cust-batch-a')).toEqual(['blocked', 'blocked', 'active']);
    // The ledger finds a batch call by any card it named.
    expect((await ledgerFor('card_cust-batch-a_2')).map((e) => [e.path, e.cardRefs])).toEqual([['/v1/cards/block-batch', cardRefs]]);
  });

  it('answers a repeated batch from memory, and refuses the key for a different batch', async () => {
    const cardRefs = ['card_cust-batch-b_1', 'card_cust-batch-b_2'];
    const first = await bank.reissueCards({ cardRefs, express: false, idempotencyKey: 'batch-b' });
    const again = await bank.reissueCards({ cardRefs, express: false, idempotencyKey: 'batch-b' });
    expect(again).toEqual(first);
    expect(first.map((r) => 'newCardRef' in r && r.newCardRef)).toEqual(['card_cust-batch-b_4', 'card_cust-batch-b_5']);
    expect((await ledgerFor('card_cust-batch-b_1')).map((e) => e.replayed)).toEqual([false, true]);
    await expect(bank.reissueCards({ cardRefs: cardRefs.slice(1), express: false, idempotencyKey: 'batch-b' })).rejects.toMatchObject({ kind: 'rejected', status: 422 });
  });

  it('refuses a batch without a key, an empty or oversized one, and one naming a card number, which it never records', async () => {
    expect(await post('/v1/cards/block-batch', { reason: 'compromised', mode: 'block', cardRefs: ['card_x'] })).toMatchObject({ status: 400 });
    expect(await post('/v1/cards/block-batch', { reason: 'compromised', mode: 'block', cardRefs: [] }, 'k-empty')).toMatchObject({
      status: 400,
      body: { message: 'cardRefs must list 1 to 5000 card refs' },
    });
    const big = Array.from({ length: 5001 }, (_, i) => `card_${i}`);
    expect(await post('/v1/cards/block-batch', { reason: 'compromised', mode: 'block', cardRefs: big }, 'k-big')).toMatchObject({ status: 400 });
    const withPan = await post('/v1/cards/block-batch', { reason: 'compromised', mode: 'block', cardRefs: ['card_y', PAN] }, 'k-pan');
    expect(withPan).toMatchObject({ status: 400, body: { message: 'a full card number is never accepted; send the card ref' } });
    const ledger = await (await fetch(`${simulator.url}/ledger`)).text();
    expect(ledger).not.toContain(PAN);
    // The adapter refuses before calling.
    await expect(bank.blockCards({ cardRefs: [PAN], reason: 'compromised', mode: 'block', idempotencyKey: 'k-pan-2' })).rejects.toMatchObject({ kind: 'rejected' });
  });
});
