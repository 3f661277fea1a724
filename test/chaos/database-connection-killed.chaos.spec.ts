import { ChaosStack, operator } from './chaos-stack.js';
import { uniqueCustomer } from '../support/test-app.js';

const APP_NAME = 'lifeline-chaos-api';

describe('chaos: Postgres connections are killed mid-request (pg_terminate_backend)', () => {
  const stack = new ChaosStack();
  beforeAll(() => stack.start({ apiEnv: { DATABASE_URL: `${process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lifeline_test'}?application_name=${APP_NAME}` } }), 120_000);
  afterAll(() => stack.stop());

  it('each request fails cleanly or succeeds whole, and a retry with its key never opens a second incident', async () => {
    const customers: string[] = [];
    let failures = 0;
    for (let i = 0; i < 25; i++) {
      const customerRef = uniqueCustomer(`pgkill${i}`);
      customers.push(customerRef);
      const key = `open-${customerRef}`;
      const send = () => stack.http().post('/v1/incidents').set('Authorization', operator).set('Idempotency-Key', key)
        .send({ playbook: 'stolen-wallet', customerRef, channel: 'phone', cards: [{ cardRef: `card_${customerRef}_1`, last4: '1234' }] });
      const killer = new Promise((resolve) => setTimeout(resolve, i % 5)).then(() =>
        stack.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [APP_NAME]),
      );
      const [first] = await Promise.all([send(), killer]);
      if (first.status >= 500) {
        failures += 1;
        expect(first.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
      }
      // The client retries with the same key until it gets a final answer.
      let answer = first;
      for (let attempt = 0; attempt < 80 && (answer.status >= 500 || answer.status === 409); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        answer = await send();
      }
      expect([200, 201]).toContain(answer.status);
    }
    const { rows } = await stack.db.query(
      `SELECT i.customer_ref, count(DISTINCT i.id)::int AS incidents, count(e.seq)::int AS opened_events
         FROM incidents i LEFT JOIN incident_events e ON e.incident_id = i.id AND e.seq = 1
        WHERE i.customer_ref = ANY($1) GROUP BY i.customer_ref`,
      [customers],
    );
    expect(rows).toHaveLength(customers.length);
    for (const row of rows) expect(row).toMatchObject({ incidents: 1, opened_events: 1 });
    // Effects were written whole with each incident (the transactions-load effect of the playbook entry).
    const { rows: effects } = await stack.db.query(
      `SELECT count(*)::int AS n FROM effects e JOIN incidents i ON i.id = e.incident_id WHERE i.customer_ref = ANY($1) AND e.kind = 'loadTransactions'`,
      [customers],
    );
    expect(effects[0].n).toBe(customers.length);
    expect(failures).toBeGreaterThan(0); // the chaos really hit requests in flight
  }, 180_000);
});
