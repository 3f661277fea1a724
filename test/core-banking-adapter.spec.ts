import { CoreBankingError } from '../src/core-banking/core-banking.port.js';
import { HttpCoreBankingAdapter } from '../src/core-banking/http-core-banking.adapter.js';
import type { LedgerEntry } from '../src/simulator/ledger.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/simulator.server.js';

describe('HttpCoreBankingAdapter against the simulator', () => {
  let simulator: RunningSimulator;
  let core: HttpCoreBankingAdapter;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0 });
    core = new HttpCoreBankingAdapter(`${simulator.url}/`, { timeoutMs: 200 });
  });

  afterAll(async () => {
    await simulator.close();
  });

  afterEach(async () => {
    await setFaults({});
  });

  async function setFaults(faults: object): Promise<void> {
    const response = await fetch(`${simulator.url}/faults`, { method: 'PUT', body: JSON.stringify(faults) });
    expect(response.status).toBe(200);
  }

  async function ledgerFor(cardRef: string): Promise<LedgerEntry[]> {
    const { entries } = (await (await fetch(`${simulator.url}/ledger?cardRef=${cardRef}`)).json()) as { entries: LedgerEntry[] };
    return entries;
  }

  async function failureOf(call: Promise<unknown>): Promise<CoreBankingError> {
    const error = await call.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(CoreBankingError);
    return error as CoreBankingError;
  }

  it('lists demo-traveller cards and recent transactions', async () => {
    const cards = await core.listCards('demo-traveller');
    const transactions = await core.recentTransactions('demo-traveller', 3);

    expect(cards.map((card) => card.status)).toEqual(['active', 'active', 'active']);
    expect(transactions).toHaveLength(3);
    // Each payment names the card it was made with.
    expect(transactions.every((t) => cards.some((card) => card.cardRef === t.cardRef))).toBe(true);
  });

  it('lists the branches that hand out new cards', async () => {
    expect(await core.listBranches()).toContainEqual({ branchId: 'SPB-07', name: 'Nevsky Prospekt', city: 'Saint Petersburg' });
  });

  it('blocks a card with the effect id as Idempotency-Key', async () => {
    const result = await core.blockCard({ cardRef: 'card_cust-adapter-block_1', reason: 'stolen', mode: 'block', idempotencyKey: 'effect-41' });

    expect(result).toMatchObject({ cardRef: 'card_cust-adapter-block_1', status: 'blocked' });
    expect(await ledgerFor('card_cust-adapter-block_1')).toEqual([expect.objectContaining({ idempotencyKey: 'effect-41', status: 200 })]);
  });

  it('freezes, unfreezes and reissues a card', async () => {
    const cardRef = 'card_cust-adapter-cycle_1';
    const frozen = await core.blockCard({ cardRef, reason: 'lost', mode: 'freeze', idempotencyKey: 'effect-51' });
    const unfrozen = await core.unblockCard({ cardRef, idempotencyKey: 'effect-52' });
    const reissue = await core.reissueCard({ cardRef, delivery: { kind: 'branch', branchId: 'porto-02' }, express: true, idempotencyKey: 'effect-53' });

    expect([frozen.status, unfrozen.status]).toEqual(['frozen', 'active']);
    expect(reissue).toMatchObject({ cardRef, newCardRef: 'card_cust-adapter-cycle_4', newLast4: expect.stringMatching(/^\d{4}$/) });
    expect((await core.listCards('cust-adapter-cycle')).map((card) => card.cardRef)).toContain(reissue.newCardRef);
  });

  it('signs a customer out of the app and takes a card out of mobile wallets, keyed by effect id', async () => {
    const sessions = await core.revokeAppSessions({ customerRef: 'cust-adapter-phone', idempotencyKey: 'effect-55' });
    const tokens = await core.revokeWalletTokens({ cardRef: 'card_cust-adapter-phone_1', idempotencyKey: 'effect-56' });
    const replayed = await core.revokeWalletTokens({ cardRef: 'card_cust-adapter-phone_1', idempotencyKey: 'effect-56' });

    expect(sessions).toMatchObject({ customerRef: 'cust-adapter-phone', revoked: 2, coreRef: expect.any(String) });
    expect(tokens).toMatchObject({ cardRef: 'card_cust-adapter-phone_1', revoked: 1 });
    expect(replayed).toEqual(tokens);
    expect((await ledgerFor('card_cust-adapter-phone_1')).map((entry) => [entry.idempotencyKey, entry.replayed])).toEqual([
      ['effect-56', false],
      ['effect-56', true],
    ]);
    const unknown = await failureOf(core.revokeAppSessions({ customerRef: 'nobody', idempotencyKey: 'effect-57' }));
    expect(unknown.kind).toBe('not_found');
  });

  it('maps 404 to not_found', async () => {
    const unknownCard = await failureOf(core.blockCard({ cardRef: 'card_nobody_9', reason: 'lost', mode: 'block', idempotencyKey: 'effect-61' }));
    const unknownCustomer = await failureOf(core.listCards('nobody'));

    expect([unknownCard.kind, unknownCard.status, unknownCard.retryable]).toEqual(['not_found', 404, false]);
    expect(unknownCustomer.kind).toBe('not_found');
  });

  it('maps a refusal to rejected with the server message', async () => {
    const cardRef = 'card_cust-adapter-refused_1';
    await core.blockCard({ cardRef, reason: 'stolen', mode: 'block', idempotencyKey: 'effect-71' });

    const error = await failureOf(core.unblockCard({ cardRef, idempotencyKey: 'effect-72' }));

    expect([error.kind, error.status, error.retryable]).toEqual(['rejected', 409, false]);
    expect(error.message).toContain('permanently blocked');
  });

  it('refuses a card number before calling core banking and never repeats it', async () => {
    const callsBefore = (await (await fetch(`${simulator.url}/ledger`)).json()) as { entries: unknown[] };

    const error = await failureOf(core.blockCard({ cardRef: '4111 1111 1111 1111', reason: 'stolen', mode: 'block', idempotencyKey: 'effect-81' }));

    expect(error.kind).toBe('rejected');
    expect(error.message).not.toMatch(/4111/);
    const callsAfter = (await (await fetch(`${simulator.url}/ledger`)).json()) as { entries: unknown[] };
    expect(callsAfter.entries).toHaveLength(callsBefore.entries.length);
  });

  it('maps a slow core to timeout', async () => {
    await setFaults({ latencyMs: 600 });

    const error = await failureOf(core.listCards('demo-student'));

    expect([error.kind, error.retryable]).toEqual(['timeout', true]);
  });

  it('maps a held call to timeout', async () => {
    await setFaults({ timeoutRate: 1 });

    const error = await failureOf(core.blockCard({ cardRef: 'card_cust-adapter-hung_1', reason: 'lost', mode: 'block', idempotencyKey: 'effect-91' }));

    expect(error.kind).toBe('timeout');
    expect(await ledgerFor('card_cust-adapter-hung_1')).toEqual([expect.objectContaining({ status: 'timeout' })]);
  });

  it('maps 503 to unavailable, and a retry with the same key after recovery blocks exactly once', async () => {
    const command = { cardRef: 'card_cust-adapter-outage_1', reason: 'stolen', mode: 'block', idempotencyKey: 'effect-101' } as const;
    await setFaults({ errorRate: 1 });

    const error = await failureOf(core.blockCard(command));
    expect([error.kind, error.status, error.retryable]).toEqual(['unavailable', 503, true]);
    await setFaults({});
    const retried = await core.blockCard(command);
    const repeated = await core.blockCard(command);

    expect(retried.status).toBe('blocked');
    expect(repeated).toEqual(retried);
    const calls = await ledgerFor(command.cardRef);
    expect(calls.map((entry) => [entry.status, entry.replayed])).toEqual([
      [503, false],
      [200, false],
      [200, true],
    ]);
  });

  it('maps an unreachable core to unavailable', async () => {
    const gone = await startSimulator({ port: 0 });
    await gone.close();

    const error = await failureOf(new HttpCoreBankingAdapter(gone.url).listCards('demo-traveller'));

    expect([error.kind, error.retryable]).toEqual(['unavailable', true]);
  });
});
