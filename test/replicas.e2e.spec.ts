import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import type { IncidentView } from '../src/incidents/incident.view.js';
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
    const queue = new Queue('card-actions', { connection: { url: TEST_REDIS_URL }, prefix });
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
