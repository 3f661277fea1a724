import { Queue } from 'bullmq';
import { QueueName } from '../src/effects/queue-name.js';
import { DataSource } from 'typeorm';
import { EffectEntity } from '../src/effects/effect.entity.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/simulator.server.js';
import { executedBlocks } from './support/ledger.js';
import { sample } from './support/prometheus.js';
import { bearer, eventually, startTestApp, type TestApp, uniqueCustomer } from './support/test-app.js';
import { retireLeftoverEffects, TEST_REDIS_URL } from './support/test-env.js';
import { onOwnedTestRedis } from './support/test-redis.js';

const operator = bearer(['operator'], 'op-vera');
const supervisor = bearer(['supervisor'], 'sup-ivan');
const fraudEngine = bearer(['system'], 'fraud-engine');

const setFaults = (simulator: RunningSimulator, faults: Record<string, number>) =>
  fetch(`${simulator.url}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });

const incidentsOf = async (dataSource: DataSource, customerRef: string) =>
  (await dataSource.query(`SELECT id FROM incidents WHERE customer_ref = $1`, [customerRef])) as { id: string }[];

describe('reliability', () => {
  let t: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await startTestApp({ EFFECT_MAX_ATTEMPTS: '2', EFFECT_BACKOFF_MS: '20' });
    dataSource = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  const open = (customerRef: string, token = operator, extra: Record<string, unknown> = {}) =>
    t.http().post('/v1/incidents').set('Authorization', token).send({ playbook: 'stolen-wallet', customerRef, channel: 'phone', ...extra });
  const send = (id: string, type: string, data: Record<string, unknown> = {}, token = operator) =>
    t.http().post(`/v1/incidents/${id}/events`).set('Authorization', token).send({ type, data });
  const get = async (id: string) => (await t.http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body as IncidentView;

  describe('Idempotency-Key', () => {
    it('answers a repeated request with the first answer and creates one incident', async () => {
      const customerRef = uniqueCustomer('idem');
      const first = await open(customerRef).set('Idempotency-Key', `open-${customerRef}`).expect(201);
      const again = await open(customerRef).set('Idempotency-Key', `open-${customerRef}`).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await incidentsOf(dataSource, customerRef)).toHaveLength(1);
    });

    it('refuses the same key with a different body (422) and changes nothing', async () => {
      const customerRef = uniqueCustomer('idem-reuse');
      await open(customerRef).set('Idempotency-Key', `k-${customerRef}`).expect(201);
      const other = uniqueCustomer('idem-other');
      const reused = await open(other).set('Idempotency-Key', `k-${customerRef}`).expect(422);
      expect(reused.body).toMatchObject({ error: 'idempotency_key_reused' });
      expect(await incidentsOf(dataSource, other)).toHaveLength(0);
    });

    it('answers 409 while the first request with the key is still running', async () => {
      const customerRef = uniqueCustomer('idem-busy');
      await setFaults(t.simulator, { latencyMs: 600 });
      try {
        const [a, b] = await Promise.all([
          open(customerRef).set('Idempotency-Key', `busy-${customerRef}`),
          new Promise((resolve) => setTimeout(resolve, 150)).then(() => open(customerRef).set('Idempotency-Key', `busy-${customerRef}`)),
        ]);
        expect(a.status).toBe(201);
        expect(b.status).toBe(409);
        expect(b.body).toMatchObject({ error: 'request_in_progress' });
      } finally {
        await setFaults(t.simulator, {});
      }
      expect(await incidentsOf(dataSource, customerRef)).toHaveLength(1);
    });

    it('applies an event once when it is retried with the same key', async () => {
      const view: IncidentView = (await open(uniqueCustomer('idem-event')).expect(201)).body;
      const first = await send(view.id, 'CUSTOMER_READY').set('Idempotency-Key', `ready-${view.id}`).expect(200);
      const again = await send(view.id, 'CUSTOMER_READY').set('Idempotency-Key', `ready-${view.id}`).expect(200);
      expect(again.body.version).toBe(first.body.version);
      const events = (await get(view.id)).timeline.filter((e) => e.type === 'CUSTOMER_READY');
      expect(events).toHaveLength(1);
    });

    it('rejects a malformed key with 400', async () => {
      const response = await open(uniqueCustomer('idem-bad')).set('Idempotency-Key', 'x'.repeat(300)).expect(400);
      expect(response.body).toMatchObject({ error: 'bad_request' });
    });
  });

  describe('duplicate triggers', () => {
    it('gives a fraud engine the open incident back instead of a second one', async () => {
      const customerRef = uniqueCustomer('dup');
      const first: IncidentView = (await open(customerRef, fraudEngine, { channel: 'api' }).expect(201)).body;
      const second = await open(customerRef, fraudEngine, { channel: 'api' }).expect(200);
      expect(second.body).toMatchObject({ id: first.id, deduplicated: true });
      expect(await incidentsOf(dataSource, customerRef)).toHaveLength(1);
    });

    it('gives the open incident back even while core banking cannot list the cards', async () => {
      const customerRef = uniqueCustomer('dup-outage');
      const first: IncidentView = (await open(customerRef, fraudEngine, { channel: 'api' }).expect(201)).body;
      await setFaults(t.simulator, { errorRate: 1 });
      try {
        const second = await open(customerRef, fraudEngine, { channel: 'api' }).expect(200);
        expect(second.body).toMatchObject({ id: first.id, deduplicated: true });
        // A new one opens too (degraded mode), without cards until core banking lists them.
        const fresh = await open(uniqueCustomer('dup-outage-new'), fraudEngine, { channel: 'api' }).expect(201);
        expect(fresh.body).toMatchObject({ cards: [], cardCheck: { pending: true } });
      } finally {
        await setFaults(t.simulator, {});
      }
    });

    it('matches on a card even when the customer ref differs', async () => {
      const customerRef = uniqueCustomer('dup-card');
      const first: IncidentView = (await open(customerRef).expect(201)).body;
      const card = first.cards[0];
      const second = await open(uniqueCustomer('dup-other'), fraudEngine, { channel: 'api', cards: [{ cardRef: card.cardRef, last4: card.last4 }] }).expect(200);
      expect(second.body.id).toBe(first.id);
    });

    it('opens concurrent duplicates once', async () => {
      const customerRef = uniqueCustomer('dup-race');
      const answers = await Promise.all(Array.from({ length: 8 }, () => open(customerRef, fraudEngine, { channel: 'api' })));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 200)).toHaveLength(7);
      expect(await incidentsOf(dataSource, customerRef)).toHaveLength(1);
    });
  });

  describe('effects given up', () => {
    it('tells the operator in plain words what failed, and lets a supervisor retry', async () => {
      let view: IncidentView = (await open(uniqueCustomer('dead'), operator, { locale: 'en' }).expect(201)).body;
      await send(view.id, 'CUSTOMER_READY').expect(200);
      await setFaults(t.simulator, { errorRate: 1 });
      try {
        await send(view.id, 'IDENTITY_VERIFIED').expect(200);
        view = await eventually(async () => {
          const v = await get(view.id);
          return v.state === 'block_failed' && v.cards.every((c) => c.status === 'block_failed') && v;
        }, 'the blocks to be given up');
      } finally {
        await setFaults(t.simulator, {});
      }
      const attention = view.step!.attention;
      expect(attention).toHaveLength(3);
      expect(attention.map((a) => a.failed).join(' ')).toContain(`ending ${view.cards[0].last4}`);
      // One say and one do for all three cards, with the number to call (issue 9.3).
      expect(view.step!.say).toMatch(new RegExp(`^The block of your .+ ending ${view.cards[0].last4}, .+ ending ${view.cards[1].last4} and .+ ending ${view.cards[2].last4} is not confirmed yet\\.`));
      expect(view.step!.do).toMatch(/call card processing on \+7 495 000-11-22/);
      const dead = await dataSource.getRepository(EffectEntity).findBy({ incidentId: view.id, kind: 'blockCard' });
      expect(dead.map((e) => [e.status, e.attempts])).toEqual([['dead', 2], ['dead', 2], ['dead', 2]]);

      const denied = await t.http().post(`/v1/incidents/${view.id}/effects/${dead[0].id}/retry`).set('Authorization', operator).expect(403);
      expect(denied.body).toMatchObject({ error: 'forbidden' });
      await t.http().post(`/v1/incidents/${view.id}/effects/${dead[0].id}/retry`).set('Authorization', supervisor).expect(200);
      view = await eventually(async () => {
        const v = await get(view.id);
        return v.cards.find((c) => c.cardRef === dead[0].params.cardRef)?.status === 'blocked' && v;
      }, 'the retried block');
      expect(view.step!.attention).toHaveLength(2);
      // The one voice now names only the cards still unprotected.
      const retried = view.cards.find((c) => c.cardRef === dead[0].params.cardRef)!;
      expect(view.step!.say).toMatch(/^The block of your .+ and .+ is not confirmed yet\./);
      expect(view.step!.say).not.toContain(retried.last4);
      expect(view.timeline.find((e) => e.type === 'EFFECT_RETRIED')).toMatchObject({ actor: 'sup-ivan' });
      expect(await executedBlocks(t.simulator.url, dead[0].params.cardRef)).toHaveLength(1);

      const again = await t.http().post(`/v1/incidents/${view.id}/effects/${dead[0].id}/retry`).set('Authorization', supervisor).expect(422);
      expect(again.body.message).toMatch(/only a dead effect/);
    });
  });
});

describe('the outbox sweeper', () => {
  it('re-enqueues effects whose jobs Redis lost', async () => {
    const prefix = `{sweeper-${process.pid}}`;
    const simulator = await startSimulator({ port: 0 });
    const api = await startTestApp({ ROLE: 'api', QUEUE_PREFIX: prefix }, { simulator });
    let worker: TestApp | undefined;
    const queue = new Queue(QueueName.Protection, { connection: { url: TEST_REDIS_URL }, prefix });
    try {
      await retireLeftoverEffects((sql) => api.app.get(DataSource).query(sql));
      let view: IncidentView = (await api.http().post('/v1/incidents').set('Authorization', operator)
        .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('swept'), channel: 'phone' }).expect(201)).body;
      for (const type of ['CUSTOMER_READY', 'IDENTITY_VERIFIED']) {
        view = (await api.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type }).expect(200)).body;
      }
      await queue.obliterate({ force: true }); // Redis lost every job
      expect(await queue.count()).toBe(0);

      worker = await startTestApp({ ROLE: 'worker', QUEUE_PREFIX: prefix, SWEEP_AFTER_MS: '100', SWEEP_INTERVAL_MS: '100' }, { simulator });
      const final = await eventually(async () => {
        const v = (await api.http().get(`/v1/incidents/${view.id}`).set('Authorization', operator)).body as IncidentView;
        return v.cards.every((c) => c.status === 'blocked') && v;
      }, 'the swept blocks');
      for (const card of final.cards) expect(await executedBlocks(simulator.url, card.cardRef)).toHaveLength(1);
      // Operators see it on /metrics: every lost block was re-armed.
      const rearmed = sample((await worker.http().get('/metrics').expect(200)).text, 'lifeline_sweeper_rearms_total', { kind: 'blockCard' });
      expect(rearmed).toBeGreaterThanOrEqual(final.cards.length);
    } finally {
      await worker?.close();
      await queue.close();
      await api.close();
      await simulator.close();
    }
  });
});

describe('Redis eviction policy', () => {
  it('refuses to start unless Redis keeps every job, or the override is set', async () => {
    const queue = new Queue('policy-probe', { connection: { url: TEST_REDIS_URL } });
    const client = await queue.getBackend().client;
    const original = /maxmemory_policy:(\S+)/.exec(await client.info())![1];
    const redisConfig = (value: string) => redisCommand(['CONFIG', 'SET', 'maxmemory-policy', value]);
    await redisConfig('allkeys-lru');
    try {
      await expect(startTestApp({ ROLE: 'api' })).rejects.toThrow(/maxmemory-policy is "allkeys-lru".*noeviction/);
      const tolerated = await startTestApp({ ROLE: 'api', REDIS_ALLOW_EVICTION: 'true' });
      await tolerated.close();
    } finally {
      await redisConfig(original);
      await queue.close();
    }
  });
});

/** CONFIG SET through a plain ioredis client (BullMQ's client interface does not expose it), on the suite's own Redis only. */
async function redisCommand(args: string[]): Promise<void> {
  await onOwnedTestRedis(TEST_REDIS_URL, (redis) => redis.call(args[0], ...args.slice(1)));
}
