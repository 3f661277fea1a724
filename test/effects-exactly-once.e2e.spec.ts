import { Queue } from 'bullmq';
import { QueueName } from '../src/effects/queue-name.js';
import { DataSource } from 'typeorm';
import { EffectEntity } from '../src/effects/effect.entity.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/simulator.server.js';
import { executedBlocks, ledger } from './support/ledger.js';
import { bearer, eventually, startTestApp, type TestApp, uniqueCustomer } from './support/test-app.js';
import { TEST_REDIS_URL } from './support/test-env.js';

const operator = bearer(['operator'], 'op-boris');

/**
 * BullMQ delivers at least once and workers die mid-job; core banking must still see each card
 * blocked once. The API runs without workers so the test controls every delivery.
 */
describe('card blocks are never doubled', () => {
  const prefix = `{exactly-once-${process.pid}}`;
  let simulator: RunningSimulator;
  let api: TestApp;
  let worker: TestApp | undefined;
  let queue: Queue;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0 });
    api = await startTestApp({ ROLE: 'api', QUEUE_PREFIX: prefix }, { simulator });
    queue = new Queue(QueueName.Protection, { connection: { url: TEST_REDIS_URL }, prefix });
  });
  afterAll(async () => {
    await worker?.close();
    await queue.close();
    await api.close();
    await simulator.close();
  });

  it('blocks each card once when jobs are delivered twice and a worker died after calling core banking', async () => {
    let view: IncidentView = (await api.http().post('/v1/incidents').set('Authorization', operator)
      .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('twice'), channel: 'phone' }).expect(201)).body;
    for (const type of ['CUSTOMER_READY', 'IDENTITY_VERIFIED']) {
      view = (await api.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type }).expect(200)).body;
    }
    const dataSource = api.app.get(DataSource);
    const blocks = await dataSource.getRepository(EffectEntity).findBy({ incidentId: view.id, kind: 'blockCard' });
    expect(blocks).toHaveLength(3);

    // A worker claimed the first block and reached core banking, then died before recording the answer.
    const [crashed] = blocks;
    await dataSource.query(`UPDATE effects SET status = 'running', attempts = attempts + 1 WHERE id = $1`, [crashed.id]);
    const firstCall = await fetch(`${simulator.url}/v1/cards/${crashed.params.cardRef}/block`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': crashed.id },
      body: JSON.stringify({ reason: 'stolen', mode: 'block' }),
    });
    expect(firstCall.status).toBe(200);

    // At-least-once delivery: every effect arrives again under a second job id.
    for (const effect of blocks) await queue.add('blockCard', { effectId: effect.id }, { jobId: `${effect.id}-redelivered` });

    worker = await startTestApp({ ROLE: 'worker', QUEUE_PREFIX: prefix }, { simulator });
    view = await eventually(async () => {
      const v = (await api.http().get(`/v1/incidents/${view.id}`).set('Authorization', operator)).body as IncidentView;
      return v.cards.every((c) => c.status === 'blocked') && v;
    }, 'every card blocked');
    await eventually(async () => (await queue.getJobCounts('active', 'wait', 'delayed')).active === 0 && (await queue.count()) === 0, 'the queue to drain');

    for (const card of view.cards) expect(await executedBlocks(simulator.url, card.cardRef)).toHaveLength(1);
    const replays = (await ledger(simulator.url)).filter((e) => e.idempotencyKey === crashed.id && e.replayed);
    expect(replays.length).toBeGreaterThanOrEqual(1); // the restarted job asked again and got the first answer
    const final = (await api.http().get(`/v1/incidents/${view.id}`).set('Authorization', operator)).body as IncidentView;
    expect(final.timeline.filter((e) => e.type === 'CARD_BLOCKED')).toHaveLength(3);
    const effects = await dataSource.getRepository(EffectEntity).findBy({ incidentId: view.id, kind: 'blockCard' });
    expect(effects.map((e) => e.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });
});
