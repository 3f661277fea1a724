import { DataSource } from 'typeorm';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { IncidentEntity } from '../src/incidents/incident.entity.js';
import { bearer, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const operator = bearer(['operator'], 'op-olga');

/** The words a customer gets through the real service: the channel picks them, core banking names the cards. */
describe('words over the API', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  const open = (body: Record<string, unknown>) => t.http().post('/v1/incidents').set('Authorization', operator).send(body);
  const send = async (view: IncidentView, type: string, data: Record<string, unknown> = {}) =>
    (await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type, data, expectedVersion: view.version }).expect(200))
      .body as IncidentView;

  it('a chat incident reads chat words, names the card by the product core banking gives, and never says "stay on the line"', async () => {
    const customerRef = uniqueCustomer('words-chat');
    let view = (await open({ playbook: 'stolen-wallet', customerRef, channel: 'chat', locale: 'ru' }).expect(201)).body as IncidentView;
    expect(view.step).toMatchObject({ id: 'reassure', medium: 'chat' });
    expect(view.step!.say).toContain('написали нам');
    view = await send(view, 'CUSTOMER_READY');
    view = await send(view, 'IDENTITY_VERIFIED');
    expect(view.step!.id).toBe('blocking_cards');
    // The simulator's generated customers hold a Visa Classic Debit first.
    expect(view.step!.say).toMatch(/^Мы прямо сейчас блокируем 3 карты Visa Classic Debit с последними цифрами \d{4}, /);
    expect(view.step!.say).not.toMatch(/на линии|••••/);
    expect(view.step!.alternatives.map((a) => a.event)).toContain('CUSTOMER_MOOD');
  });

  it('a phone incident hears the voice words, calm words once the mood is set, and the mood ends with the call', async () => {
    const customerRef = uniqueCustomer('words-phone');
    // A card core banking knows, so its block goes through: a failed one would speak for itself (one voice, issue 9.3).
    const { cards } = (await (await fetch(`${t.simulator.url}/v1/customers/${customerRef}/cards`)).json()) as { cards: { cardRef: string; last4: string }[] };
    const { last4 } = cards[0];
    let view = (await open({ playbook: 'card-compromised', customerRef, channel: 'phone', locale: 'en', cards: [{ cardRef: cards[0].cardRef, last4 }] }).expect(201))
      .body as IncidentView;
    expect(view.step).toMatchObject({ id: 'awaiting_customer', medium: 'voice' });
    expect(view.step!.say).toContain('I will not ask for your PIN, codes or card details');
    view = await send(view, 'CUSTOMER_MOOD', { mood: 'confused' });
    expect(view.step!.say).toBe(
      `Let me put it simply. We saw a payment that may not be yours, so we blocked your card ending ${last4}. Your money is safe. We will check your payments together and order you a new card.`,
    );
    view = await send(view, 'CUSTOMER_CALL_TAKEN');
    expect(view.step!.id).toBe('verify_identity');
    expect(view.step!.say).toMatch(/^Before we talk about your card, I need to make sure it is you/);
  });

  it('says times in the customer time zone given on open, keeps it with the incident, and refuses a zone that does not exist', async () => {
    const customerRef = uniqueCustomer('words-zone');
    const view = (await open({ playbook: 'card-compromised', customerRef, channel: 'api', locale: 'ru', timeZone: 'Asia/Vladivostok' }).expect(201)).body as IncidentView;
    const stored = await db.getRepository(IncidentEntity).findOneByOrFail({ id: view.id });
    expect(stored.snapshot.context.timeZone).toBe('Asia/Vladivostok');
    const opened = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Vladivostok' }).format(new Date(view.openedAt));
    expect(view.step!.do).toContain(`открыла инцидент ${opened}`);

    const badZone = uniqueCustomer('words-bad-zone');
    const refused = await open({ playbook: 'card-compromised', customerRef: badZone, channel: 'api', timeZone: 'Mars/Olympus' }).expect(400);
    expect(JSON.stringify(refused.body)).toContain('timeZone must be an IANA time zone such as Europe/Moscow');
    expect(await db.getRepository(IncidentEntity).countBy({ customerRef: badZone })).toBe(0);
  });
});
