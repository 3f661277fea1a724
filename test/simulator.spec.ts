import { startSimulator, type RunningSimulator } from '../src/simulator/simulator.server.js';
import type { LedgerEntry } from '../src/simulator/ledger.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const PAN = '4111111111111111';

describe('core-banking simulator', () => {
  let simulator: RunningSimulator;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0 });
  });

  afterAll(async () => {
    await simulator.close();
  });

  afterEach(async () => {
    await call('PUT', '/faults', { body: {} });
  });

  async function call(method: string, path: string, options: { key?: string; body?: unknown } = {}) {
    const response = await fetch(simulator.url + path, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.key ? { 'idempotency-key': options.key } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
  }

  async function cardStatus(customerRef: string, cardRef: string): Promise<string> {
    const { body } = await call('GET', `/v1/customers/${customerRef}/cards`);
    return body.cards.find((card: { cardRef: string }) => card.cardRef === cardRef).status;
  }

  async function ledgerFor(cardRef: string): Promise<LedgerEntry[]> {
    return (await call('GET', `/ledger?cardRef=${cardRef}`)).body.entries;
  }

  it('answers health checks', async () => {
    expect(await call('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('knows demo-traveller with three active cards, by ref and last 4 digits only', async () => {
    const { status, body } = await call('GET', '/v1/customers/demo-traveller/cards');

    expect(status).toBe(200);
    expect(body.cards).toHaveLength(3);
    for (const card of body.cards) {
      expect(card).toMatchObject({ status: 'active', cardRef: expect.stringMatching(/^card_trv_\d$/), last4: expect.stringMatching(/^\d{4}$/) });
    }
  });

  it('has demo customers with two to four cards and no card numbers anywhere', async () => {
    const counts: Record<string, number> = {};
    for (const customer of ['demo-student', 'demo-family', 'demo-business']) {
      const { body, text } = await call('GET', `/v1/customers/${customer}/cards`);
      counts[customer] = body.cards.length;
      expect(text).not.toMatch(/\d{13,19}/);
    }
    expect(counts).toEqual({ 'demo-student': 2, 'demo-family': 4, 'demo-business': 3 });
  });

  it('mints the same three active cards for any fresh cust- ref', async () => {
    const other = await startSimulator({ port: 0 });
    try {
      const here = await call('GET', '/v1/customers/cust-fresh-1/cards');
      const there = await (await fetch(`${other.url}/v1/customers/cust-fresh-1/cards`)).json();

      expect(here.body.cards.map((card: { cardRef: string }) => card.cardRef)).toEqual([
        'card_cust-fresh-1_1',
        'card_cust-fresh-1_2',
        'card_cust-fresh-1_3',
      ]);
      expect(here.body.cards.every((card: { status: string }) => card.status === 'active')).toBe(true);
      expect(there).toEqual(here.body);
    } finally {
      await other.close();
    }
  });

  it('answers 404 for a customer it does not know', async () => {
    expect(await call('GET', '/v1/customers/nobody/cards')).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('lists recent transactions, newest first, with suspicious ones flagged', async () => {
    const { body } = await call('GET', '/v1/customers/demo-traveller/transactions?limit=6');

    expect(body.transactions).toHaveLength(6);
    expect(body.transactions.some((txn: { suspicious: boolean }) => txn.suspicious)).toBe(true);
    const times = body.transactions.map((txn: { at: string }) => txn.at);
    expect(times).toEqual([...times].sort().reverse());
    expect((await call('GET', '/v1/customers/demo-traveller/transactions?limit=2')).body.transactions).toHaveLength(2);
  });

  it('blocks a card and records the call with its key in the ledger', async () => {
    const { status, body } = await call('POST', '/v1/cards/card_trv_1/block', { key: 'effect-block-1', body: { reason: 'stolen', mode: 'block' } });

    expect(status).toBe(200);
    expect(body).toMatchObject({ cardRef: 'card_trv_1', status: 'blocked', coreRef: expect.any(String), at: expect.any(String) });
    expect(await cardStatus('demo-traveller', 'card_trv_1')).toBe('blocked');
    expect(await ledgerFor('card_trv_1')).toEqual([
      expect.objectContaining({ method: 'POST', path: '/v1/cards/card_trv_1/block', idempotencyKey: 'effect-block-1', status: 200, replayed: false, answer: body }),
    ]);
  });

  it('replays the first answer for a repeated key and changes nothing', async () => {
    const freeze = { reason: 'lost', mode: 'freeze' };
    const first = await call('POST', '/v1/cards/card_stu_1/block', { key: 'effect-freeze-1', body: freeze });
    await call('POST', '/v1/cards/card_stu_1/unblock', { key: 'effect-unfreeze-1', body: {} });

    const repeat = await call('POST', '/v1/cards/card_stu_1/block', { key: 'effect-freeze-1', body: freeze });

    expect(first.body.status).toBe('frozen');
    expect(repeat).toEqual(first);
    expect(await cardStatus('demo-student', 'card_stu_1')).toBe('active');
    const blocks = (await ledgerFor('card_stu_1')).filter((entry) => entry.path.endsWith('/block'));
    expect(blocks.map((entry) => [entry.idempotencyKey, entry.replayed])).toEqual([
      ['effect-freeze-1', false],
      ['effect-freeze-1', true],
    ]);
  });

  it('records a second block with a new key, so double blocks are visible', async () => {
    const order = { reason: 'compromised', mode: 'block' };
    await call('POST', '/v1/cards/card_biz_1/block', { key: 'effect-a', body: order });
    const second = await call('POST', '/v1/cards/card_biz_1/block', { key: 'effect-b', body: order });

    expect(second.body.status).toBe('blocked');
    const executed = (await ledgerFor('card_biz_1')).filter((entry) => entry.status === 200 && !entry.replayed);
    expect(executed.map((entry) => entry.idempotencyKey)).toEqual(['effect-a', 'effect-b']);
  });

  it('refuses a write without an Idempotency-Key and leaves the card alone', async () => {
    const { status, body } = await call('POST', '/v1/cards/card_fam_1/block', { body: { reason: 'stolen', mode: 'block' } });

    expect(status).toBe(400);
    expect(body.error).toBe('bad_request');
    expect(await cardStatus('demo-family', 'card_fam_1')).toBe('active');
  });

  it('refuses a key reused for a different call', async () => {
    await call('POST', '/v1/cards/card_fam_4/block', { key: 'effect-reused', body: { reason: 'lost', mode: 'freeze' } });
    const reused = await call('POST', '/v1/cards/card_fam_4/block', { key: 'effect-reused', body: { reason: 'lost', mode: 'block' } });

    expect(reused.status).toBe(422);
    expect(await cardStatus('demo-family', 'card_fam_4')).toBe('frozen');
  });

  it('refuses a bad body with 400 and an unknown card with 404', async () => {
    const bad = await call('POST', '/v1/cards/card_fam_2/block', { key: 'effect-bad', body: { reason: 'bored', mode: 'block' } });
    const unknown = await call('POST', '/v1/cards/card_nobody_1/block', { key: 'effect-unknown', body: { reason: 'lost', mode: 'block' } });

    expect(bad).toMatchObject({ status: 400, body: { error: 'bad_request', message: expect.stringContaining('reason') } });
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await cardStatus('demo-family', 'card_fam_2')).toBe('active');
  });

  it('refuses a card number as a card ref without echoing or storing it', async () => {
    const { status, text } = await call('POST', `/v1/cards/${PAN}/block`, { key: 'effect-pan', body: { reason: 'stolen', mode: 'block' } });
    const spaced = await call('GET', `/v1/customers/${encodeURIComponent('4111 1111 1111 1111')}/cards`);

    expect(status).toBe(400);
    expect(spaced.status).toBe(400);
    expect(text).not.toContain(PAN);
    const ledger = await call('GET', '/ledger');
    expect(ledger.text).not.toMatch(/4111/);
    expect(ledger.body.entries).toContainEqual(expect.objectContaining({ path: '/v1/cards/[redacted]/block', cardRef: null, status: 400 }));
  });

  it('unfreezes a frozen card but never a permanently blocked one', async () => {
    await call('POST', '/v1/cards/card_fam_3/block', { key: 'effect-freeze-fam3', body: { reason: 'lost', mode: 'freeze' } });
    const unfrozen = await call('POST', '/v1/cards/card_fam_3/unblock', { key: 'effect-unfreeze-fam3', body: {} });
    await call('POST', '/v1/cards/card_fam_3/block', { key: 'effect-block-fam3', body: { reason: 'stolen', mode: 'block' } });
    const refused = await call('POST', '/v1/cards/card_fam_3/unblock', { key: 'effect-unblock-fam3', body: {} });

    expect(unfrozen).toMatchObject({ status: 200, body: { status: 'active' } });
    expect(refused).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect(await cardStatus('demo-family', 'card_fam_3')).toBe('blocked');
  });

  it('signs a customer out of the app on every device, once per key; a new key finds nobody signed in', async () => {
    const first = await call('POST', '/v1/customers/cust-sim-phone/app-sessions/revoke', { key: 'effect-sessions-1', body: {} });
    const replay = await call('POST', '/v1/customers/cust-sim-phone/app-sessions/revoke', { key: 'effect-sessions-1', body: {} });
    const again = await call('POST', '/v1/customers/cust-sim-phone/app-sessions/revoke', { key: 'effect-sessions-2', body: {} });

    expect(first).toMatchObject({ status: 200, body: { customerRef: 'cust-sim-phone', revoked: 2, coreRef: expect.any(String), at: expect.any(String) } });
    expect(replay).toEqual(first);
    expect(again.body.revoked).toBe(0);
    const calls = (await call('GET', '/ledger')).body.entries.filter((entry: LedgerEntry) => entry.path === '/v1/customers/cust-sim-phone/app-sessions/revoke');
    expect(calls.map((entry: LedgerEntry) => [entry.idempotencyKey, entry.replayed, entry.cardRef])).toEqual([
      ['effect-sessions-1', false, null],
      ['effect-sessions-1', true, null],
      ['effect-sessions-2', false, null],
    ]);
    expect((await call('POST', '/v1/customers/cust-sim-phone/app-sessions/revoke', { body: {} })).status).toBe(400);
    expect((await call('POST', '/v1/customers/nobody/app-sessions/revoke', { key: 'effect-sessions-3', body: {} })).status).toBe(404);
  });

  it('takes a card out of mobile wallets without changing whether it works', async () => {
    const first = await call('POST', '/v1/cards/card_cust-sim-wallet_2/wallet-tokens/revoke', { key: 'effect-tokens-1', body: {} });
    const again = await call('POST', '/v1/cards/card_cust-sim-wallet_2/wallet-tokens/revoke', { key: 'effect-tokens-2', body: {} });
    const unknown = await call('POST', '/v1/cards/card_nobody_1/wallet-tokens/revoke', { key: 'effect-tokens-3', body: {} });

    expect(first).toMatchObject({ status: 200, body: { cardRef: 'card_cust-sim-wallet_2', revoked: 1, coreRef: expect.any(String) } });
    expect(again.body.revoked).toBe(0);
    expect(unknown).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await cardStatus('cust-sim-wallet', 'card_cust-sim-wallet_2')).toBe('active');
    expect((await ledgerFor('card_cust-sim-wallet_2')).map((entry) => [entry.path, entry.idempotencyKey, entry.status])).toEqual([
      ['/v1/cards/card_cust-sim-wallet_2/wallet-tokens/revoke', 'effect-tokens-1', 200],
      ['/v1/cards/card_cust-sim-wallet_2/wallet-tokens/revoke', 'effect-tokens-2', 200],
    ]);
  });

  it('reissues with an ETA of two days express and five days standard', async () => {
    const before = Date.now();
    const express = await call('POST', '/v1/cards/card_trv_2/reissue', {
      key: 'effect-reissue-express',
      body: { delivery: { kind: 'branch', branchId: 'lisbon-01' }, express: true },
    });
    const standard = await call('POST', '/v1/cards/card_trv_3/reissue', {
      key: 'effect-reissue-standard',
      body: { delivery: { kind: 'address', address: '1 Rua Augusta, Lisbon' }, express: false },
    });

    expect(express.body).toMatchObject({ cardRef: 'card_trv_2', newLast4: expect.stringMatching(/^\d{4}$/), coreRef: expect.any(String) });
    expect(Date.parse(express.body.eta) - before).toBeGreaterThanOrEqual(2 * DAY_MS);
    expect(Date.parse(express.body.eta) - before).toBeLessThan(2 * DAY_MS + 60_000);
    expect(Date.parse(standard.body.eta) - before).toBeGreaterThanOrEqual(5 * DAY_MS);
    expect(Date.parse(standard.body.eta) - before).toBeLessThan(5 * DAY_MS + 60_000);
    const cards = (await call('GET', '/v1/customers/demo-traveller/cards')).body.cards;
    expect(cards).toContainEqual(expect.objectContaining({ cardRef: express.body.newCardRef, status: 'active' }));
  });

  it('refuses a reissue without a delivery', async () => {
    const { status } = await call('POST', '/v1/cards/card_stu_2/reissue', { key: 'effect-reissue-bad', body: { express: true } });

    expect(status).toBe(400);
  });

  it('answers 503 under errorRate 1, applies nothing, and runs a retry with the same key once faults clear', async () => {
    const order = { reason: 'stolen', mode: 'block' };
    expect((await call('PUT', '/faults', { body: { errorRate: 1 } })).body).toEqual({ latencyMs: 0, errorRate: 1, timeoutRate: 0 });

    const failed = await call('POST', '/v1/cards/card_cust-outage_1/block', { key: 'effect-outage', body: order });
    expect(failed).toMatchObject({ status: 503, body: { error: 'unavailable' } });
    await call('PUT', '/faults', { body: {} });
    expect(await cardStatus('cust-outage', 'card_cust-outage_1')).toBe('active');

    const retried = await call('POST', '/v1/cards/card_cust-outage_1/block', { key: 'effect-outage', body: order });
    expect(retried).toMatchObject({ status: 200, body: { status: 'blocked' } });
    expect((await ledgerFor('card_cust-outage_1')).map((entry) => [entry.status, entry.replayed])).toEqual([
      [503, false],
      [200, false],
    ]);
  });

  it('refuses fault settings out of range', async () => {
    expect((await call('PUT', '/faults', { body: { errorRate: 2 } })).status).toBe(400);
    expect((await call('GET', '/faults')).body).toEqual({ latencyMs: 0, errorRate: 0, timeoutRate: 0 });
  });

  it('clears the ledger', async () => {
    await call('GET', '/v1/customers/demo-student/cards');
    expect((await call('DELETE', '/ledger')).status).toBe(204);
    expect((await call('GET', '/ledger')).body.entries).toEqual([]);
  });
});

describe('core-banking simulator shutdown', () => {
  it('closes promptly while a call is held by a timeout fault', async () => {
    const simulator = await startSimulator({ port: 0, faults: { timeoutRate: 1 } });
    const held = fetch(`${simulator.url}/v1/customers/demo-traveller/cards`).then(
      (response) => response.status,
      () => 'connection closed',
    );
    await waitFor(async () => ((await (await fetch(`${simulator.url}/ledger`)).json()) as { entries: unknown[] }).entries.length === 1);

    const started = Date.now();
    await simulator.close();

    expect(Date.now() - started).toBeLessThan(1000);
    expect(await held).toBe('connection closed');
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition never became true');
}
