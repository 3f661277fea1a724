import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { bearer, eventually, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const operator = bearer(['operator'], 'op-contract');
const colleague = bearer(['operator'], 'op-colleague');
const PAN = '4111111111111111';

/** Every error is `{ error, message, details? }` JSON with the documented status, and nothing else. */
function expectError(res: Response, status: number, error: string): { error: string; message: string; details?: Record<string, unknown> } {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { error, message: expect.any(String) } });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body).every((k) => ['error', 'message', 'details'].includes(k))).toBe(true);
  expect(res.text).not.toMatch(/\bat .*\.ts:\d+/); // no stack traces
  return res.body;
}

describe('HTTP contract of /v1/incidents and /v1/playbooks', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  const open = (body: Record<string, unknown>, token = operator) => t.http().post('/v1/incidents').set('Authorization', token).send(body);
  const send = (id: string, body: Record<string, unknown>, token = operator) =>
    t.http().post(`/v1/incidents/${id}/events`).set('Authorization', token).send(body);
  const get = async (id: string) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body as IncidentView;
  const slowCoreBanking = (latencyMs: number) => fetch(`${t.simulator.url}/faults`, { method: 'PUT', body: JSON.stringify({ latencyMs }) });
  const incidentsOf = async (customerRef: string) =>
    Number((await db.query('SELECT count(*) AS n FROM incidents WHERE customer_ref = $1', [customerRef]))[0].n);

  /** Waits until every background effect of the incident has reported, so only the request under test can change it. */
  async function settled(id: string): Promise<IncidentView> {
    await eventually(async () => {
      const [{ n }] = await db.query(`SELECT count(*) AS n FROM effects WHERE incident_id = $1 AND status NOT IN ('succeeded', 'dead') AND due_at <= now()`, [id]);
      return Number(n) === 0;
    }, `the effects of incident ${id} to finish`);
    return get(id);
  }

  async function openSettled(): Promise<IncidentView> {
    const opened = await open({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('contract'), channel: 'phone' }).expect(201);
    return settled(opened.body.id);
  }

  /** A refused request leaves no trace: same version, same step, same history. */
  async function expectUnchanged(before: IncidentView): Promise<void> {
    const after = await get(before.id);
    expect({ version: after.version, state: after.state, timeline: after.timeline, cards: after.cards }).toEqual({
      version: before.version,
      state: before.state,
      timeline: before.timeline,
      cards: before.cards,
    });
  }

  /** Follows the primary path with plain answers until the incident is in `state`. */
  async function walkTo(state: string): Promise<IncidentView> {
    const answers: Record<string, Record<string, unknown>> = { EMERGENCY_ASSESSED: { travelling: false } };
    let view = await openSettled();
    while (view.state !== state) {
      if (view.state === 'blocking_cards') view = await settled(view.id);
      const event = view.step!.primary!.event;
      view = (await send(view.id, { type: event, data: answers[event] ?? {}, expectedVersion: view.version }).expect(200)).body;
    }
    return settled(view.id);
  }

  /** The shortest way to a resolved incident: no verification, no reissue, no callback. */
  async function walkToEnd(id: string): Promise<IncidentView> {
    const path = ['CUSTOMER_READY', 'IDENTITY_FAILED', 'PROTECTIVE_BLOCK_AGREED', 'BLOCKS_CONFIRMED', 'TRANSACTIONS_REVIEWED', 'EMERGENCY_ASSESSED', 'REISSUE_DECLINED', 'CALLBACK_DECLINED', 'CALL_ENDED'];
    let view = await get(id);
    for (const type of path) {
      if (type === 'BLOCKS_CONFIRMED') view = await settled(id);
      view = (await send(id, { type, expectedVersion: view.version }).expect(200)).body;
    }
    return view;
  }

  describe('POST /v1/incidents', () => {
    it('opens on every active card the customer holds at core banking when no cards are named', async () => {
      const atBank = (await (await fetch(`${t.simulator.url}/v1/customers/demo-traveller/cards`)).json()) as { cards: { cardRef: string; last4: string; status: string }[] };
      const res = await open({ playbook: 'stolen-wallet', customerRef: 'demo-traveller', channel: 'chat', locale: 'ru' }).expect(201);
      const view = res.body as IncidentView;
      expect(view).toMatchObject({
        playbook: { id: 'stolen-wallet', version: 2 },
        status: 'open',
        state: 'reassure',
        version: 1,
        customerRef: 'demo-traveller',
        channel: 'chat',
        locale: 'ru',
        contactChannel: 'messenger',
      });
      expect(view.cards).toHaveLength(3);
      expect(view.cards.map(({ cardRef, last4 }) => ({ cardRef, last4 }))).toEqual(
        atBank.cards.filter((c) => c.status === 'active').map(({ cardRef, last4 }) => ({ cardRef, last4 })),
      );
      expect(view.cards.every((c) => c.status === 'active' && c.blockedAt === null)).toBe(true);
      expect(view.step?.title).toBe('Успокоить клиента');
      expect(view.timeline).toEqual([expect.objectContaining({ type: 'INCIDENT_OPENED', actor: 'op-contract' })]);
      // A demo customer can have one open stolen-wallet incident at a time: resolve it, so the next run opens afresh.
      expect((await walkToEnd(view.id)).status).toBe('resolved');
    });

    it('leaves out cards that are no longer active at core banking', async () => {
      const customerRef = uniqueCustomer('one-blocked');
      const frozen = await fetch(`${t.simulator.url}/v1/cards/card_${customerRef}_2/block`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({ reason: 'lost', mode: 'block' }),
      });
      expect(frozen.status).toBe(200);
      const view = (await open({ playbook: 'stolen-wallet', customerRef, channel: 'phone' }).expect(201)).body as IncidentView;
      expect(view.cards.map((c) => c.cardRef)).toEqual([`card_${customerRef}_1`, `card_${customerRef}_3`]);
    });

    it('gives any generated customer three active cards, and keeps the moment the customer told the bank', async () => {
      const notifiedAt = new Date(Date.now() - 20 * 60_000).toISOString();
      const view = (await open({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('clock'), channel: 'phone', notifiedAt }).expect(201)).body as IncidentView;
      expect(view.cards).toHaveLength(3);
      expect(view.notifiedAt).toBe(notifiedAt);
      expect(Date.parse(view.openedAt)).toBeGreaterThan(Date.parse(notifiedAt));
      expect((await get(view.id)).notifiedAt).toBe(notifiedAt);
    });

    it('starts the liability clock at opening when notifiedAt is not given', async () => {
      const view = (await open({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('now'), channel: 'api' }).expect(201)).body as IncidentView;
      expect(view.notifiedAt).toBe(view.openedAt);
      expect(view.contactChannel).toBe('sms');
      expect(view.locale).toBe('en');
    });

    it('accepts a notifiedAt a little ahead (clock skew) but refuses one in the future', async () => {
      const customerRef = uniqueCustomer('future');
      const future = new Date(Date.now() + 60 * 60_000).toISOString();
      const body = expectError(await open({ playbook: 'stolen-wallet', customerRef, channel: 'phone', notifiedAt: future }), 400, 'bad_request');
      expect(body.message).toContain('notifiedAt');
      expect(await incidentsOf(customerRef)).toBe(0);

      const skewed = new Date(Date.now() + 60_000).toISOString();
      await open({ playbook: 'stolen-wallet', customerRef, channel: 'phone', notifiedAt: skewed }).expect(201);
    });

    it.each([['yesterday'], ['2026-13-45T10:00:00Z'], [1700000000000]])('refuses a notifiedAt that is not an ISO-8601 moment (%p)', async (notifiedAt) => {
      const body = expectError(await open({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('iso'), channel: 'phone', notifiedAt }), 400, 'bad_request');
      expect(body.message).toContain('notifiedAt must be an ISO-8601');
    });

    it('opens on exactly the cards named', async () => {
      // A card core banking does not know: taken as named (one it holds for another customer would be refused).
      const cardRef = `card_${uniqueCustomer('named')}`;
      const view = (await open({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('named'), channel: 'branch', cards: [{ cardRef, last4: '0042' }] }).expect(201)).body as IncidentView;
      expect(view.cards).toEqual([{ cardRef, last4: '0042', status: 'active', blockedAt: null }]);
    });

    it('answers 404 for a customer core banking does not know, and stores nothing', async () => {
      const body = expectError(await open({ playbook: 'stolen-wallet', customerRef: 'nobody-at-this-bank', channel: 'phone' }), 404, 'not_found');
      expect(body.message).toContain('nobody-at-this-bank');
      expect(await incidentsOf('nobody-at-this-bank')).toBe(0);
    });

    it('answers 404 for an unknown playbook', async () => {
      const body = expectError(await open({ playbook: 'lost-umbrella', customerRef: uniqueCustomer('pb'), channel: 'phone' }), 404, 'not_found');
      expect(body.message).toContain('lost-umbrella');
    });

    it('refuses unknown fields, naming them', async () => {
      const top = expectError(await open({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('x'), channel: 'phone', priority: 'high' }), 400, 'bad_request');
      expect(top.message).toContain('priority');
      const nested = expectError(
        await open({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('x'), channel: 'phone', cards: [{ cardRef: 'card_a', last4: '1234', cvv: '123' }] }),
        400,
        'bad_request',
      );
      expect(nested.message).toContain('cvv');
    });

    it('answers malformed JSON with a 400 error body that does not quote the body', async () => {
      const post = (raw: string) => t.http().post('/v1/incidents').set('Authorization', operator).set('Content-Type', 'application/json').send(raw);
      expect(expectError(await post('{"playbook": "stolen-wallet",'), 400, 'bad_request').message).toBe('Request body is not valid JSON');
      // JSON.parse's own message would quote this body, card number included.
      const res = await post(`x${PAN}`);
      expect(expectError(res, 400, 'bad_request').message).toBe('Request body is not valid JSON');
      expect(res.text).not.toContain(PAN);
    });

    it('refuses a card number given as customerRef without echoing it, and stores nothing', async () => {
      const res = await open({ playbook: 'stolen-wallet', customerRef: PAN, channel: 'phone', cards: [{ cardRef: 'card_a', last4: '1111' }] });
      expect(expectError(res, 400, 'bad_request').message).toContain('customerRef looks like a full card number');
      expect(res.text).not.toContain(PAN);
      expect(await incidentsOf(PAN)).toBe(0);
    });

    it.each([[PAN], ['4111 1111 1111 1111'], ['4111-1111-1111-1111']])('refuses a full card number as cardRef (%s) without echoing it', async (cardRef) => {
      const res = await open({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('pan'), channel: 'phone', cards: [{ cardRef, last4: '1111' }] });
      const body = expectError(res, 400, 'bad_request');
      expect(body.message).toContain('full card number');
      expect(res.text.replace(/[ -]/g, '')).not.toContain(PAN);
      expect(res.text).not.toContain('41111111');
    });

    it.each([['123'], ['12345'], ['12a4'], [1234]])('refuses a last4 that is not exactly 4 digits (%p)', async (last4) => {
      const body = expectError(await open({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('l4'), channel: 'phone', cards: [{ cardRef: 'card_a', last4 }] }), 400, 'bad_request');
      expect(body.message).toContain('last4 must be exactly 4 digits');
    });

    it.each([
      ['channel', { channel: 'fax' }],
      ['locale', { locale: 'de' }],
      ['contactChannel', { contactChannel: 'pigeon' }],
      ['customerRef', { customerRef: '' }],
      ['cards', { cards: [] }],
    ])('refuses a bad %s, naming it', async (field, change) => {
      const body = expectError(await open({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('bad'), channel: 'phone', ...change }), 400, 'bad_request');
      expect(body.message).toContain(field);
    });

    it('refuses a request with no playbook, customer or channel, naming each', async () => {
      const body = expectError(await open({}), 400, 'bad_request');
      for (const field of ['playbook', 'customerRef', 'channel']) expect(body.message).toContain(field);
    });
  });

  describe('GET /v1/incidents/:id', () => {
    it('shows the incident with the current step for the operator', async () => {
      const opened = await openSettled();
      const view = await get(opened.id);
      expect(Object.keys(view)).toEqual(
        expect.arrayContaining(['id', 'playbook', 'status', 'state', 'version', 'customerRef', 'locale', 'step', 'cards', 'commitments', 'timeline']),
      );
      expect(view.step).toMatchObject({
        id: 'reassure',
        title: 'Reassure the customer',
        say: expect.stringContaining('You did the right thing'),
        do: expect.any(String),
        primary: { event: 'CUSTOMER_READY', label: 'Customer is ready to continue', fields: [] },
        // The mood switch, offered on every step.
        alternatives: [
          expect.objectContaining({ event: 'CUSTOMER_MOOD', label: 'Customer is panicking, angry or confused' }),
          // The ways out every playbook has, after the step's own.
          { event: 'CALL_DROPPED', label: 'The call dropped', fields: [] },
          { event: 'CANCEL', label: 'Cancel the incident', fields: [{ name: 'reason', label: 'Why the incident is cancelled', type: 'text', required: true }] },
        ],
      });
      expect(view.timeline.map((e) => e.type)).toEqual(['INCIDENT_OPENED', 'TRANSACTIONS_LOADED']);
    });

    it('describes the fields of each action so a console can render the form', async () => {
      const view = await walkTo('emergency_help');
      expect(view.step!.primary).toEqual({
        event: 'EMERGENCY_ASSESSED',
        label: expect.any(String),
        fields: [
          { name: 'travelling', label: 'Customer is travelling', type: 'boolean', required: true, default: false },
          { name: 'emergencyCash', label: 'Customer needs emergency cash', type: 'boolean', required: false, default: false },
        ],
      });
      const reissue = (await send(view.id, { type: 'EMERGENCY_ASSESSED', data: { travelling: true }, expectedVersion: view.version }).expect(200)).body as IncidentView;
      expect(reissue.step!.primary!.fields).toEqual([
        {
          name: 'delivery',
          label: 'Deliver the new cards to',
          type: 'choice',
          required: true,
          options: ['address', 'branch', 'addressOnFile'],
          // The address on file as core banking holds it, read back to the customer.
          choices: [
            { value: 'address', label: 'A one-time address' },
            { value: 'branch', label: 'A branch, to pick up' },
            { value: 'addressOnFile', label: expect.stringMatching(/^The address on file: \d+ .+, apt \d+$/) },
          ],
        },
        // Each needed only for its kind of delivery (issue 9.5): the form says so.
        { name: 'address', label: 'Delivery address', type: 'text', required: false, requiredWhen: { delivery: 'address' } },
        {
          name: 'branchId',
          label: 'Branch',
          type: 'text',
          required: false,
          requiredWhen: { delivery: 'branch' },
          // The branches core banking lists (the simulator's four).
          options: ['MSK-01', 'SPB-07', 'LIS-01', 'BCN-03'],
          choices: expect.arrayContaining([{ value: 'SPB-07', label: 'Nevsky Prospekt, Saint Petersburg' }]),
        },
      ]);
      expect(reissue.step!.alternatives.map((a) => a.event)).toEqual(['REISSUE_DECLINED', 'CUSTOMER_MOOD', 'CALL_DROPPED', 'CANCEL']);
    });

    it('answers 400 for an id that is not a uuid and 404 for an unknown one', async () => {
      expectError(await t.http().get('/v1/incidents/not-a-uuid').set('Authorization', operator), 400, 'bad_request');
      expectError(await t.http().get(`/v1/incidents/${randomUUID()}`).set('Authorization', operator), 404, 'not_found');
    });
  });

  describe('POST /v1/incidents/:id/events', () => {
    it('applies an operator event and answers with the new view', async () => {
      const before = await openSettled();
      const res = await send(before.id, { type: 'CUSTOMER_READY', expectedVersion: before.version }).expect(200);
      const view = res.body as IncidentView;
      expect(view).toMatchObject({ id: before.id, version: before.version + 1, state: 'verify_identity', step: { id: 'verify_identity' } });
      expect(view.timeline.at(-1)).toMatchObject({ type: 'CUSTOMER_READY', actor: 'op-contract', summary: 'Customer is ready to continue' });
      expect(await get(before.id)).toEqual(view);
    });

    it('answers 409 with the current incident when another operator acted since the version the operator saw', async () => {
      const seen = await openSettled();
      await send(seen.id, { type: 'CUSTOMER_MOOD', data: { mood: 'panicked' }, expectedVersion: seen.version }, colleague).expect(200);
      const current = await get(seen.id);
      expect(current.version).toBe(seen.version + 1);

      const res = await send(seen.id, { type: 'CUSTOMER_READY', expectedVersion: seen.version });
      const body = expectError(res, 409, 'version_conflict');
      expect(body.details).toMatchObject({ currentVersion: current.version });
      expect(body.details!.incident).toEqual(current);
      await expectUnchanged(current);
    });

    it('answers 409 for a version the incident never had', async () => {
      const seen = await openSettled();
      expectError(await send(seen.id, { type: 'CUSTOMER_READY', expectedVersion: seen.version + 5 }), 409, 'version_conflict');
      await expectUnchanged(seen);
    });

    it('does not call a view stale when only job reports that leave the step in place came in since', async () => {
      const seen = await walkTo('verify_identity');
      await slowCoreBanking(300);
      try {
        const blocking = (await send(seen.id, { type: 'IDENTITY_VERIFIED', expectedVersion: seen.version }).expect(200)).body as IncidentView;
        expect(blocking.cards.every((c) => c.status === 'blocking')).toBe(true);
        const blocked = await settled(blocking.id);
        const since = blocked.timeline.slice(blocking.timeline.length);
        expect(since.filter((e) => e.type === 'CARD_BLOCKED')).toHaveLength(3);
        expect(since.every((e) => e.actor === 'system:lifeline-worker')).toBe(true);
        expect(blocked.version).toBeGreaterThan(blocking.version);
        expect(blocked.state).toBe('blocking_cards');

        const res = await send(blocking.id, { type: 'BLOCKS_CONFIRMED', expectedVersion: blocking.version }).expect(200);
        expect(res.body.state).toBe('review_transactions');
      } finally {
        await slowCoreBanking(0);
      }
    });

    it('answers 422 with the allowed events, primary first, for an event the step does not take', async () => {
      const view = await walkTo('verify_identity');
      const body = expectError(await send(view.id, { type: 'CALL_ENDED', expectedVersion: view.version }), 422, 'event_not_allowed');
      expect(body.message).toContain('CALL_ENDED');
      expect(body.details).toMatchObject({ state: 'verify_identity' });
      expect(body.details!.allowed).toEqual([view.step!.primary!.event, ...view.step!.alternatives.map((a) => a.event)]);
      expect(body.details!.allowed).toEqual(['IDENTITY_VERIFIED', 'IDENTITY_FAILED', 'CUSTOMER_MOOD', 'CALL_DROPPED', 'CANCEL']);
      await expectUnchanged(view);
    });

    it('holds the step back (422) while card blocks are still in flight, naming the pending cards', async () => {
      const seen = await walkTo('verify_identity');
      await slowCoreBanking(2_000);
      let blocking: IncidentView;
      try {
        blocking = (await send(seen.id, { type: 'IDENTITY_VERIFIED', expectedVersion: seen.version }).expect(200)).body;
        const res = await send(blocking.id, { type: 'BLOCKS_CONFIRMED', expectedVersion: blocking.version });
        const body = expectError(res, 422, 'event_not_allowed');
        for (const card of blocking.cards) expect(body.message).toContain(`ending ${card.last4}`);
        expect(body.message).toMatch(/still blocking/);
        await expectUnchanged(blocking);
      } finally {
        await slowCoreBanking(0);
      }
      const blocked = await settled(blocking.id);
      expect(blocked.cards.every((c) => c.status === 'blocked')).toBe(true);
      await send(blocked.id, { type: 'BLOCKS_CONFIRMED', expectedVersion: blocked.version }).expect(200);
    });

    it('answers 400 for an event type the catalog does not know', async () => {
      const view = await openSettled();
      const body = expectError(await send(view.id, { type: 'WALLET_FOUND' }), 400, 'bad_request');
      expect(body.message).toContain('WALLET_FOUND');
      expectError(await send(view.id, { type: 'wallet found' }), 400, 'bad_request');
      await expectUnchanged(view);
    });

    it('answers 422 for a job report sent over the API: only Lifeline\'s own jobs report card blocks', async () => {
      const view = await walkTo('verify_identity');
      const body = expectError(await send(view.id, { type: 'CARD_BLOCKED', data: { cardRef: view.cards[0].cardRef } }), 422, 'event_not_allowed');
      expect(body.message).toContain('CARD_BLOCKED');
      await expectUnchanged(view);
    });

    it('answers 400 invalid_event_data for a missing required field or a value of the wrong type', async () => {
      const view = await walkTo('emergency_help');
      const wrongType = expectError(await send(view.id, { type: 'EMERGENCY_ASSESSED', data: { travelling: 'yes' } }), 400, 'invalid_event_data');
      expect(wrongType.message).toContain('travelling: must be true or false');
      const reissue = (await send(view.id, { type: 'EMERGENCY_ASSESSED', data: { travelling: false } }).expect(200)).body as IncidentView;

      const missing = expectError(await send(reissue.id, { type: 'REISSUE_REQUESTED', data: { address: 'Nevsky 1' } }), 400, 'invalid_event_data');
      expect(missing.message).toContain('delivery: is required');
      expect(missing.details).toMatchObject({ fields: ['delivery', 'address', 'branchId'] });
      const badChoice = expectError(await send(reissue.id, { type: 'REISSUE_REQUESTED', data: { delivery: 'drone' } }), 400, 'invalid_event_data');
      expect(badChoice.message).toContain('delivery: must be one of address, branch, addressOnFile');
      const unknownField = expectError(await send(reissue.id, { type: 'REISSUE_REQUESTED', data: { delivery: 'branch', branchId: 'B1', colour: 'red' } }), 400, 'invalid_event_data');
      expect(unknownField.message).toContain('colour');
      await expectUnchanged(reissue);

      await send(reissue.id, { type: 'REISSUE_REQUESTED', data: { delivery: 'branch', branchId: 'SPB-07' } }).expect(200);
    });

    it('refuses unknown body fields and a non-integer expectedVersion, naming them', async () => {
      const view = await openSettled();
      expect(expectError(await send(view.id, { type: 'CUSTOMER_READY', force: true }), 400, 'bad_request').message).toContain('force');
      expect(expectError(await send(view.id, { type: 'CUSTOMER_READY', expectedVersion: 'latest' }), 400, 'bad_request').message).toContain('expectedVersion');
      expect(expectError(await send(view.id, { type: 'CUSTOMER_READY', data: [1] }), 400, 'bad_request').message).toContain('data');
      await expectUnchanged(view);
    });

    it('answers 400 for a non-uuid incident id and 404 for an unknown one', async () => {
      expectError(await send('12345', { type: 'CUSTOMER_READY' }), 400, 'bad_request');
      expectError(await send(randomUUID(), { type: 'CUSTOMER_READY' }), 404, 'not_found');
    });
  });

  describe('GET /v1/playbooks', () => {
    it('lists the stolen-wallet playbook', async () => {
      const res = await t.http().get('/v1/playbooks').set('Authorization', operator).expect(200);
      expect(res.body.playbooks).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: 'stolen-wallet', version: 2, title: { en: 'Stolen wallet', ru: 'Украден кошелёк' } })]),
      );
    });

    it('shows one playbook with its states, steps, primary path and stored versions', async () => {
      const { body } = await t.http().get('/v1/playbooks/stolen-wallet').set('Authorization', operator).expect(200);
      expect(body).toMatchObject({ id: 'stolen-wallet', version: 2, initial: 'reassure' });
      expect(body.primaryPath[0]).toBe('reassure');
      expect(body.primaryPath.at(-1)).toBe('resolved');
      for (const state of body.primaryPath) expect(body.states[state]).toBeDefined();
      expect(body.states.reassure.step.say.en).toContain('You did the right thing');
      expect(body.states.verify_identity.on.IDENTITY_VERIFIED).toMatchObject({ target: 'blocking_cards', primary: true });
      expect(body.versions).toEqual(expect.arrayContaining([expect.objectContaining({ version: 2, hash: body.hash })]));
    });

    it('answers 404 for an unknown playbook', async () => {
      expect(expectError(await t.http().get('/v1/playbooks/lost-umbrella').set('Authorization', operator), 404, 'not_found').message).toContain('lost-umbrella');
    });
  });

  it('answers an unknown route with a JSON 404 that masks a card number in the path', async () => {
    const res = await t.http().get(`/v1/cards/${PAN}`).set('Authorization', operator);
    expectError(res, 404, 'not_found');
    expect(res.text).not.toContain(PAN);
    // On a route, a card number in the path is bad input like anywhere else.
    const playbook = await t.http().get(`/v1/playbooks/${PAN}`).set('Authorization', operator);
    expect(expectError(playbook, 400, 'bad_request').details).toEqual({ fields: [{ field: 'path.id', problems: ['looks like a full card number, which is never accepted'] }] });
    expect(playbook.text).not.toContain(PAN);
  });
});
