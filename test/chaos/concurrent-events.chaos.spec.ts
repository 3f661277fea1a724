import { ChaosStack, operator } from './chaos-stack.js';
import { uniqueCustomer } from '../support/test-app.js';

describe('chaos: 50 operators press the same button on the same version', () => {
  const stack = new ChaosStack();
  beforeAll(() => stack.start(), 120_000);
  afterAll(() => stack.stop());

  it('lets exactly one win; the rest get 409 with the current view', async () => {
    const customerRef = uniqueCustomer('race');
    const opened = await stack.http().post('/v1/incidents').set('Authorization', operator)
      .send({ playbook: 'stolen-wallet', customerRef, channel: 'phone', cards: [{ cardRef: `card_${customerRef}_1`, last4: '4242' }] })
      .expect(201);
    const version = (await stack.view(opened.body.id)).version;
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        stack.http().post(`/v1/incidents/${opened.body.id}/events`).set('Authorization', operator).send({ type: 'CUSTOMER_READY', expectedVersion: version }),
      ),
    );
    const won = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const a of lost) expect(a.body.details.incident.state).toBe('verify_identity');
    const view = await stack.view(opened.body.id);
    expect(view.timeline.filter((e) => e.type === 'CUSTOMER_READY')).toHaveLength(1);
  }, 120_000);
});
