import type { IncidentView } from '../src/incidents/incident.view.js';
import { newCard } from '../src/simulator/seed.js';
import { bearer, startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const run = Date.now().toString(36);
const operator = bearer(['operator'], 'op-olga');
const fraudEngine = bearer(['system'], `fraud-engine-${run}`);

/** The core's fields, then the sections the features contribute, in the one order the API has always had. */
const SHAPE = [
  'id',
  'playbook',
  'status',
  'state',
  'version',
  'customerRef',
  'channel',
  'locale',
  'timeZone',
  'contactChannel',
  'notifiedAt',
  'openedAt',
  'firstProtectiveActionAt',
  'resolvedAt',
  'assignedTo',
  'step',
  'cards',
  'cardCheck',
  'appSessions',
  'transactions',
  'commitments',
  'liability',
  'followUp',
  'timeline',
];

describe('the incident view: the core and the sections features contribute, in one shape', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('places every section after the core field it names, whichever module registered first', async () => {
    const customerRef = uniqueCustomer('shape');
    const opened = (await t.http().post('/v1/incidents').set('Authorization', operator).send({ playbook: 'lost-card', customerRef, channel: 'phone' }).expect(201))
      .body as IncidentView;
    const view = (await t.http().get(`/v1/incidents/${opened.id}`).set('Authorization', operator).expect(200)).body as IncidentView;
    expect(Object.keys(view)).toEqual(SHAPE);
    expect(view).toMatchObject({ followUp: null, liability: { jurisdiction: expect.any(String) }, commitments: expect.any(Array) });
    expect(view).not.toHaveProperty('progress');
  });

  it("adds a breach's progress after the timeline, only for a merchant breach", async () => {
    const cards = [1, 2].map((n) => {
      const { cardRef, last4 } = newCard(`card_cust-shape-${run}_${n}`, 'any');
      return { cardRef, last4, customerRef: `cust-shape-${run}` };
    });
    const breach = (
      await t
        .http()
        .post('/v1/incidents/mass-compromise')
        .set('Authorization', fraudEngine)
        .send({ breachRef: `breach-shape-${run}`, cards })
        .expect(201)
    ).body as IncidentView;
    expect(Object.keys(breach)).toEqual([...SHAPE, 'progress']);
    expect(breach.progress).toMatchObject({ total: 2, customers: 1 });
  });
});
