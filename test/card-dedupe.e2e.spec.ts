import { DataSource, type EntityManager } from 'typeorm';
import { IncidentJournal } from '../src/incidents/incident-journal.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { bearer, startTestApp, type TestApp, uniqueCustomer } from './support/test-app.js';

const operator = bearer(['operator'], 'op-vera');
const SEEDED = 5000;

/** Plans every query the journal sends about incidents, then runs it as sent. */
function explaining(m: EntityManager, plans: string[]): EntityManager {
  return new Proxy(m, {
    get(target, key) {
      if (key !== 'query') return Reflect.get(target, key);
      return async (sql: string, params: unknown[]) => {
        if (/FROM incidents\b/.test(sql)) plans.push(((await target.query(`EXPLAIN ${sql}`, params)) as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n'));
        return target.query(sql, params);
      };
    },
  });
}

describe('card dedupe among open incidents', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('gives back the open incident holding one of the cards, even for another customer reference', async () => {
    const cardRef = `card_${uniqueCustomer('dedupe')}`;
    const open = (customerRef: string, card = cardRef) =>
      t
        .http()
        .post('/v1/incidents')
        .set('Authorization', operator)
        .send({ playbook: 'stolen-wallet', customerRef, channel: 'phone', cards: [{ cardRef: card, last4: '4321' }] });
    const first: IncidentView = (await open(uniqueCustomer('dedupe-a')).expect(201)).body;
    const second = await open(uniqueCustomer('dedupe-b')).expect(200);
    expect(second.body).toMatchObject({ id: first.id, deduplicated: true });
    const other = await open(uniqueCustomer('dedupe-c'), `${cardRef}-other`).expect(201);
    expect(other.body.id).not.toBe(first.id);
  });

  it(`finds the card among ${SEEDED} open incidents with a lookup the card index answers, not by reading every snapshot`, async () => {
    const dataSource = t.app.get(DataSource);
    const journal = t.app.get(IncidentJournal);
    const plans: string[] = [];
    const rollback = new Error('seeded rows are rolled back');
    await dataSource
      .transaction(async (m) => {
        const [{ hash, playbook_id: playbookId }] = await m.query(`SELECT hash, playbook_id FROM playbook_versions WHERE playbook_id = 'stolen-wallet' LIMIT 1`);
        await m.query(
          `INSERT INTO incidents (id, playbook_id, playbook_version, playbook_hash, status, state, snapshot, version, customer_ref, channel, locale, jurisdiction, opened_by, notified_at, opened_at, updated_at)
         SELECT gen_random_uuid(), $1, 1, $2, 'open', 'seeded',
                jsonb_build_object('context', jsonb_build_object('cards', jsonb_build_array(
                  jsonb_build_object('cardRef', 'seeded-card-' || i || '-a', 'last4', '0001'),
                  jsonb_build_object('cardRef', 'seeded-card-' || i || '-b', 'last4', '0002')))),
                1, 'seeded-customer-' || i, 'phone', 'en', 'RU', 'op-seed', now(), now(), now()
           FROM generate_series(1, $3::int) i`,
          [playbookId, hash, SEEDED],
        );
        await m.query('ANALYZE incidents');
        const [target] = await m.query(`SELECT id FROM incidents WHERE customer_ref = 'seeded-customer-4321'`);

        expect(await journal.openIncidentFor(explaining(m, plans), playbookId, uniqueCustomer('someone-else'), ['seeded-card-4321-b'])).toBe(target.id);
        expect(await journal.openIncidentFor(explaining(m, plans), playbookId, uniqueCustomer('someone-else'), ['seeded-card-99999-a'])).toBeNull();
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    // Found or not (the costly case), the cards are looked up in the index, never every open incident read.
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).toMatch(/Bitmap Index Scan on incidents_open_by_card/);
      expect(plan).not.toMatch(/Seq Scan on incidents|Index Scan using incidents_opened_at/);
    }
  });
});
