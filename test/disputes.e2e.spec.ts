import type { DisputeRecord } from '../src/audit/case-file.js';
import type { FieldView } from '../src/playbooks/catalog/field-rules.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const operator = bearer(['operator'], 'op-dina');
const risk = bearer(['risk'], 'risk-rita');
const coreBanking = bearer(['system'], 'core-banking');

/** Issue 9.4 and 9.5: disputed payments are chosen from the loaded ones and tracked; forms say what they need, and the service holds them to it. */
describe('disputes as data, forms that say what they need', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (id: string) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body as IncidentView;
  const post = (id: string, type: string, data: Record<string, unknown> = {}, token = operator) =>
    t.http().post(`/v1/incidents/${id}/events`).set('Authorization', token).send({ type, data });
  const send = async (id: string, type: string, data: Record<string, unknown> = {}, token = operator) => (await post(id, type, data, token).expect(200)).body as IncidentView;
  const disputedField = (view: IncidentView) => view.step!.primary!.fields.find((f) => f.name === 'disputed') as FieldView;

  /** A stolen wallet at the transactions step, its cards blocked and its payments loaded; `-double-` customers were charged twice for one thing. */
  async function atTransactions(label: string): Promise<IncidentView> {
    const opened = (
      await t
        .http()
        .post('/v1/incidents')
        .set('Authorization', operator)
        .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer(label), channel: 'phone', locale: 'en', jurisdiction: 'US' })
        .expect(201)
    ).body as IncidentView;
    await send(opened.id, 'CUSTOMER_READY');
    await send(opened.id, 'IDENTITY_VERIFIED');
    await eventually(async () => {
      const v = await get(opened.id);
      return v.cards.every((c) => c.status === 'blocked') && v.transactions.length > 0;
    }, 'blocks and payments');
    const view = await send(opened.id, 'BLOCKS_CONFIRMED');
    expect(view.step!.id).toBe('review_transactions');
    return view;
  }

  it('offers the loaded payments as a multi-choice, each with its id, card, merchant, amount and time', async () => {
    const view = await atTransactions('offer');
    const field = disputedField(view);
    expect(field).toMatchObject({ type: 'multichoice', required: false, label: 'Payments the customer does not recognise' });
    expect(field.options).toEqual(view.transactions.map((t) => t.id));
    expect(field.choices).toHaveLength(view.transactions.length);
    for (const [i, t] of view.transactions.entries()) {
      const card = view.cards.find((c) => c.last4 === t.cardLast4);
      expect(card).toBeDefined(); // every payment was made with one of the customer's cards
      expect(field.choices![i]).toMatchObject({
        value: t.id,
        payment: { id: t.id, cardLast4: t.cardLast4, merchant: t.merchant, city: t.city, amount: t.amount, currency: 'EUR', at: t.at },
      });
      expect(field.choices![i].label).toContain(`${t.merchant} (${t.city}), card ending ${t.cardLast4}`);
    }
  });

  it('refuses free text and unknown payment ids with a 400 naming them, and changes nothing', async () => {
    const view = await atTransactions('unknown');
    const [known] = view.transactions;
    const freeText = await post(view.id, 'TRANSACTIONS_REVIEWED', { disputed: 'Electronics Hub, Duty Free' }).expect(400);
    expect(freeText.body).toMatchObject({ error: 'invalid_event_data', message: 'Invalid data for TRANSACTIONS_REVIEWED: disputed: must be a list of ids' });

    const unknown = await post(view.id, 'TRANSACTIONS_REVIEWED', { disputed: [known.id, 'txn_not_loaded', 'txn_nor_this'] }).expect(400);
    expect(unknown.body.error).toBe('invalid_event_data');
    expect(unknown.body.message).toBe('Invalid data for TRANSACTIONS_REVIEWED: disputed: not among the payments loaded for this incident: txn_not_loaded, txn_nor_this');
    expect(unknown.body.details).toMatchObject({ unknown: { disputed: ['txn_not_loaded', 'txn_nor_this'] } });

    const after = await get(view.id);
    expect({ version: after.version, state: after.state, disputed: after.transactions.filter((t) => t.disputed) }).toEqual({
      version: view.version,
      state: view.state,
      disputed: [],
    });
    const disputes = await t.http().get(`/v1/audit/disputes?incidentId=${view.id}`).set('Authorization', risk).expect(200);
    expect(disputes.body.disputes).toEqual([]);
  });

  it('tracks each disputed payment with its card and a refund-decision promise that names it, so a double charge makes two promises risk can tell apart', async () => {
    const view = await atTransactions('double');
    // The simulator's `-double-` customer: one purchase charged twice, same card, amount and minute.
    const [first, second] = view.transactions.filter((t, _, all) => all.filter((o) => o.merchant === t.merchant && o.amount === t.amount && o.at === t.at).length === 2);
    expect(first && second && first.id !== second.id && first.cardLast4 === second.cardLast4).toBe(true);

    const reviewed = await send(view.id, 'TRANSACTIONS_REVIEWED', { disputed: [first.id, second.id, first.id] });
    expect(reviewed.step!.id).toBe('emergency_help');
    expect(
      reviewed.transactions
        .filter((t) => t.disputed)
        .map((t) => t.id)
        .sort(),
    ).toEqual([first.id, second.id].sort());

    const decisionDue = reviewed.liability.deadlines.find((d) => d.rule === 'reg-e-investigation')!.by;
    const promises = reviewed.commitments.filter((c) => c.kind === 'refund_decision');
    expect(promises).toHaveLength(2);
    expect(new Set(promises.map((c) => c.what)).size).toBe(2);
    for (const t of [first, second]) {
      const promise = promises.find((c) => c.what.endsWith(`(payment ${t.id})`))!;
      expect(promise).toMatchObject({ owner: 'Disputes team', status: 'scheduled', dueBy: decisionDue });
      expect(promise.what).toContain(`${t.merchant} (${t.city}), card ending ${t.cardLast4}`);
    }

    // What risk reads: one row per payment, with its card and its promise; the operator may not read it.
    await t.http().get(`/v1/audit/disputes?incidentId=${view.id}`).set('Authorization', operator).expect(403);
    const listed = (await t.http().get(`/v1/audit/disputes?incidentId=${view.id}`).set('Authorization', risk).expect(200)).body.disputes as DisputeRecord[];
    expect(listed).toHaveLength(2);
    for (const t of [first, second]) {
      const card = view.cards.find((c) => c.last4 === t.cardLast4)!;
      expect(listed.find((d) => d.transactionId === t.id)).toMatchObject({
        incidentId: view.id,
        card: { cardRef: card.cardRef, last4: t.cardLast4 },
        merchant: t.merchant,
        amount: t.amount.toFixed(2),
        currency: 'EUR',
        transactionAt: t.at,
        status: 'open',
        disputedBy: 'op-dina',
        refundDecision: { commitmentId: expect.any(String), dueBy: decisionDue, status: 'open' },
        decidedAt: null,
      });
    }

    // The bank decides one of them: that dispute closes, the other stays open.
    await send(view.id, 'REFUND_DECIDED', { transactionIds: first.id, decision: 'refunded' }, coreBanking);
    const file = (await t.http().get(`/v1/audit/incidents/${view.id}/case-file`).set('Authorization', risk).expect(200)).body as { disputes: DisputeRecord[] };
    expect(file.disputes.map((d) => [d.transactionId, d.status, d.decidedBy, d.refundDecision.status])).toEqual(
      expect.arrayContaining([
        [first.id, 'refunded', 'core-banking', 'met'],
        [second.id, 'open', null, 'open'],
      ]),
    );
    const open = (await t.http().get(`/v1/audit/disputes?incidentId=${view.id}&status=open`).set('Authorization', risk).expect(200)).body.disputes as DisputeRecord[];
    expect(open.map((d) => d.transactionId)).toEqual([second.id]);
    await t.http().get('/v1/audit/disputes?status=maybe').set('Authorization', risk).expect(400);
  });

  it('says which answers a delivery needs, and holds the operator to it with the same words', async () => {
    const view = await atTransactions('delivery');
    await send(view.id, 'TRANSACTIONS_REVIEWED', { disputed: [] });
    const reissue = await send(view.id, 'EMERGENCY_ASSESSED', { travelling: false });
    const fields = reissue.step!.primary!.fields;
    expect(fields.find((f) => f.name === 'address')).toMatchObject({ required: false, requiredWhen: { delivery: 'address' } });
    expect(fields.find((f) => f.name === 'branchId')).toMatchObject({ required: false, requiredWhen: { delivery: 'branch' } });

    const noAddress = await post(view.id, 'REISSUE_REQUESTED', { delivery: 'address' }).expect(400);
    expect(noAddress.body.message).toBe('Invalid data for REISSUE_REQUESTED: address: is required when delivery is address');
    const noBranch = await post(view.id, 'REISSUE_REQUESTED', { delivery: 'branch', address: '1 Main St' }).expect(400);
    expect(noBranch.body.message).toBe('Invalid data for REISSUE_REQUESTED: branchId: is required when delivery is branch');
    expect((await get(view.id)).version).toBe(reissue.version);
    // The branches are core banking's: listed with their names, and no other is taken.
    expect(fields.find((f) => f.name === 'branchId')!.choices).toEqual([
      { value: 'MSK-01', label: 'Tverskaya, Moscow' },
      { value: 'SPB-07', label: 'Nevsky Prospekt, Saint Petersburg' },
      { value: 'LIS-01', label: 'Avenida da Liberdade, Lisbon' },
      { value: 'BCN-03', label: 'Passeig de Gràcia, Barcelona' },
    ]);
    const noSuchBranch = await post(view.id, 'REISSUE_REQUESTED', { delivery: 'branch', branchId: 'branch-12' }).expect(400);
    expect(noSuchBranch.body.message).toBe('Invalid data for REISSUE_REQUESTED: branchId: must be one of MSK-01, SPB-07, LIS-01, BCN-03');
    expect((await get(view.id)).version).toBe(reissue.version);
    const ordered = await send(view.id, 'REISSUE_REQUESTED', { delivery: 'branch', branchId: 'LIS-01' });
    expect(ordered.step!.id).toBe('callback');
  });

  it('offers the address on file beside a one-time address, and sends the new cards there', async () => {
    const view = await atTransactions('on-file');
    await send(view.id, 'TRANSACTIONS_REVIEWED', { disputed: [] });
    const reissue = await send(view.id, 'EMERGENCY_ASSESSED', { travelling: false });
    const { address } = (await (await fetch(`${t.simulator.url}/v1/customers/${view.customerRef}/address`)).json()) as { address: string };
    const delivery = reissue.step!.primary!.fields.find((f) => f.name === 'delivery')!;
    expect(delivery.choices).toContainEqual({ value: 'addressOnFile', label: `The address on file: ${address}` });

    const ordered = await send(view.id, 'REISSUE_REQUESTED', { delivery: 'addressOnFile' });
    expect(ordered.step!.id).toBe('callback');
    const orders = await eventually(async () => {
      const v = await get(view.id);
      return v.commitments.filter((c) => c.kind === 'reissue').length === v.cards.length && v.commitments.filter((c) => c.kind === 'reissue');
    }, "core banking's delivery dates");
    for (const card of view.cards) expect(orders.map((c) => c.what)).toContain(`New card to replace the card ending ${card.last4}, delivered to the address on file`);
  });
});
