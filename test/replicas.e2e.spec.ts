import { Queue, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { EffectQueue, QueueName } from '../src/effects/effect-queue.js';
import { SWEEPER_LOCK } from '../src/effects/outbox-sweeper.js';
import { startSimulator } from '../src/simulator/simulator.server.js';
import { executedBlocks } from './support/ledger.js';
import { bearer, eventually, startTestApp, type TestApp, uniqueCustomer } from './support/test-app.js';
import { retireLeftoverEffects, TEST_REDIS_URL } from './support/test-env.js';

const operator = bearer(['operator'], 'op-vera');

describe('several replicas', () => {
  it('sweeps on one worker at a time: while another replica holds the sweeper lock, nothing is re-armed twice', async () => {
    const prefix = `{leader-${process.pid}}`;
    const simulator = await startSimulator({ port: 0 });
    const api = await startTestApp({ ROLE: 'api', QUEUE_PREFIX: prefix }, { simulator });
    let worker: TestApp | undefined;
    const queue = new Queue(QueueName.Protection, { connection: { url: TEST_REDIS_URL }, prefix });
    const otherReplica = api.app.get(DataSource).createQueryRunner();
    await otherReplica.connect();
    try {
      await retireLeftoverEffects((sql) => api.app.get(DataSource).query(sql));
      let view: IncidentView = (await api.http().post('/v1/incidents').set('Authorization', operator)
        .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('leader'), channel: 'phone' }).expect(201)).body;
      for (const type of ['CUSTOMER_READY', 'IDENTITY_VERIFIED']) {
        view = (await api.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type }).expect(200)).body;
      }
      await queue.obliterate({ force: true }); // Redis lost every job
      await otherReplica.query('SELECT pg_advisory_lock($1)', [SWEEPER_LOCK]); // another worker is the sweeper

      worker = await startTestApp({ ROLE: 'worker', QUEUE_PREFIX: prefix, SWEEP_AFTER_MS: '100', SWEEP_INTERVAL_MS: '100' }, { simulator });
      await new Promise((resolve) => setTimeout(resolve, 1500)); // many sweep intervals
      expect(await queue.count()).toBe(0);
      for (const card of view.cards) expect(await executedBlocks(simulator.url, card.cardRef)).toHaveLength(0);

      await otherReplica.query('SELECT pg_advisory_unlock($1)', [SWEEPER_LOCK]); // that worker stopped
      const final = await eventually(async () => {
        const v = (await api.http().get(`/v1/incidents/${view.id}`).set('Authorization', operator)).body as IncidentView;
        return v.cards.every((c) => c.status === 'blocked') && v;
      }, 'the swept blocks');
      for (const card of final.cards) expect(await executedBlocks(simulator.url, card.cardRef)).toHaveLength(1);
    } finally {
      await otherReplica.release();
      await worker?.close();
      await queue.close();
      await api.close();
      await simulator.close();
    }
  });

  it('re-arms atomically: two sweepers re-arming the same finished jobs at once leave one job each, and every card is blocked once', async () => {
    const prefix = `{rearm-${process.pid}}`;
    const simulator = await startSimulator({ port: 0 });
    const sweeperA = await startTestApp({ ROLE: 'api', QUEUE_PREFIX: prefix }, { simulator });
    const sweeperB = await startTestApp({ ROLE: 'api', QUEUE_PREFIX: prefix }, { simulator });
    const queue = new Queue(QueueName.Protection, { connection: { url: TEST_REDIS_URL }, prefix });
    let worker: TestApp | undefined;
    try {
      await retireLeftoverEffects((sql) => sweeperA.app.get(DataSource).query(sql));
      let view: IncidentView = (await sweeperA.http().post('/v1/incidents').set('Authorization', operator)
        .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('rearm'), channel: 'phone' }).expect(201)).body;
      for (const type of ['CUSTOMER_READY', 'IDENTITY_VERIFIED']) {
        view = (await sweeperA.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type }).expect(200)).body;
      }
      const effects: { id: string; kind: 'blockCard'; due_at: Date }[] = await sweeperA.app.get(DataSource)
        .query(`SELECT id, kind, due_at FROM effects WHERE incident_id = $1 AND kind = 'blockCard' AND status = 'pending'`, [view.id]);
      expect(effects).toHaveLength(view.cards.length);

      // A job finished in Redis while its effect stayed unfinished in Postgres (a worker died between the two).
      const lost = new Worker(QueueName.Protection, async () => undefined, { connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix });
      await eventually(async () => (await Promise.all(effects.map(async (e) => (await queue.getJob(e.id))?.isCompleted()))).every(Boolean), 'the jobs finished without their effects');
      await lost.close();

      const rearms = await Promise.all(effects.flatMap((e) => [sweeperA, sweeperB, sweeperA, sweeperB].map((s) =>
        s.app.get(EffectQueue).ensureQueued({ id: e.id, kind: e.kind, dueAt: e.due_at }))));
      expect(rearms.filter((r) => r === 'enqueued')).toHaveLength(effects.length);
      expect(rearms.filter((r) => r === 'present')).toHaveLength(effects.length * 3);
      for (const e of effects) expect(await queue.getJobState(e.id)).toBe('waiting');
      expect(await queue.getWaitingCount()).toBe(effects.length);

      worker = await startTestApp({ ROLE: 'worker', QUEUE_PREFIX: prefix }, { simulator });
      const final = await eventually(async () => {
        const v = (await sweeperA.http().get(`/v1/incidents/${view.id}`).set('Authorization', operator)).body as IncidentView;
        return v.cards.every((c) => c.status === 'blocked') && v;
      }, 'the re-armed blocks');
      for (const card of final.cards) expect(await executedBlocks(simulator.url, card.cardRef)).toHaveLength(1);
    } finally {
      await worker?.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await sweeperB.close();
      await sweeperA.close();
      await simulator.close();
    }
  });

  it('records the client behind a trusted balancer as the audit origin (TRUST_PROXY), and ignores a forged header otherwise', async () => {
    const origins = async (app: TestApp, sub: string) => {
      await app.http().get('/v1/audit/card-actions').set('Authorization', bearer(['risk'], sub)).set('X-Forwarded-For', '203.0.113.7').expect(200);
      const rows: { origin: string }[] = await app.app.get(DataSource).query('SELECT origin FROM audit_access_log WHERE actor = $1', [sub]);
      return rows.map((r) => r.origin);
    };
    const behindBalancer = await startTestApp({ ROLE: 'api', TRUST_PROXY: 'loopback' });
    try {
      expect(await origins(behindBalancer, uniqueCustomer('risk-lb'))).toEqual(['203.0.113.7']);
    } finally {
      await behindBalancer.close();
    }
    const direct = await startTestApp({ ROLE: 'api' });
    try {
      expect(await origins(direct, uniqueCustomer('risk-direct'))).toEqual([expect.stringMatching(/127\.0\.0\.1/)]);
    } finally {
      await direct.close();
    }
  });
});
