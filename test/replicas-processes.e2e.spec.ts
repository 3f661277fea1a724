import pg from 'pg';
import request from 'supertest';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/simulator.server.js';
import { executedBlocks, ledger } from './support/ledger.js';
import { freePort, ServiceProcess } from './support/service-process.js';
import { bearer, eventually, uniqueCustomer } from './support/test-app.js';
import { retireLeftoverEffects, TEST_DATABASE_URL } from './support/test-env.js';

const operator = bearer(['operator'], 'op-replicas');
const INCIDENTS = 40;

/**
 * Production's shape: two API processes behind a balancer and two worker processes, one Postgres,
 * one Redis, core banking over HTTP. One worker dies with SIGKILL while the blocks are in flight.
 */
describe('two APIs and two workers, one worker killed mid-way', () => {
  const prefix = `{replicas-${process.pid}}`;
  const db = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
  let simulator: RunningSimulator;
  const apis: { process: ServiceProcess; url: string }[] = [];
  const workers: ServiceProcess[] = [];

  beforeAll(async () => {
    await retireLeftoverEffects((sql) => db.query(sql));
    simulator = await startSimulator({ port: 0 });
    const env = { CORE_BANKING_URL: simulator.url, QUEUE_PREFIX: prefix, EFFECT_BACKOFF_MS: '100', SWEEP_AFTER_MS: '2000', SWEEP_INTERVAL_MS: '500' };
    const ports = [await freePort(), await freePort()];
    const started = await Promise.all([
      ...ports.map((port) => ServiceProcess.start({ ...env, ROLE: 'api', PORT: String(port) })),
      ServiceProcess.start({ ...env, ROLE: 'worker' }),
      ServiceProcess.start({ ...env, ROLE: 'worker' }),
    ]);
    apis.push(...ports.map((port, i) => ({ process: started[i], url: `http://127.0.0.1:${port}` })));
    workers.push(started[2], started[3]);
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled([...apis.map((a) => a.process.stop('SIGKILL')), ...workers.map((w) => w.stop('SIGKILL'))]);
    await simulator?.close();
    await db.end();
  });

  it(`blocks every card of ${INCIDENTS} incidents exactly once, half through each API, and leaves every incident consistent`, async () => {
    await fetch(`${simulator.url}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: 150 }) });
    const send = (api: string, id: string, type: string) => request(api).post(`/v1/incidents/${id}/events`).set('Authorization', operator).send({ type }).expect(200);
    const drive = async (i: number): Promise<string> => {
      const api = apis[i % 2].url;
      const opened = await request(api)
        .post('/v1/incidents')
        .set('Authorization', operator)
        .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer(`replica${i}`), channel: 'phone' })
        .expect(201);
      await send(api, opened.body.id, 'CUSTOMER_READY');
      await send(apis[(i + 1) % 2].url, opened.body.id, 'IDENTITY_VERIFIED'); // the next step lands on the other API
      return opened.body.id as string;
    };
    const driving = Promise.all(Array.from({ length: INCIDENTS }, (_, i) => drive(i)));

    await eventually(async () => (await ledger(simulator.url)).filter((e) => e.path.endsWith('/block')).length >= 15, 'blocks in flight', 30_000);
    expect(await workers[0].stop('SIGKILL')).toBeNull();
    const ids = await driving;

    await eventually(
      async () => {
        const { rows } = await db.query(`SELECT count(*)::int AS open FROM effects WHERE incident_id = ANY($1) AND due_at <= now() AND status NOT IN ('succeeded', 'dead')`, [ids]);
        return rows[0].open === 0;
      },
      'every effect due now to finish',
      45_000,
    );
    const { rows: unfinished } = await db.query(
      `SELECT kind, status, count(*)::int AS n FROM effects WHERE incident_id = ANY($1) AND status <> 'succeeded' AND due_at <= now() GROUP BY kind, status`,
      [ids],
    );
    expect(unfinished).toEqual([]);

    const api = apis[0].url;
    for (const id of ids) {
      const view: IncidentView = (await request(api).get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body;
      expect(view.cards.length).toBeGreaterThan(0);
      for (const card of view.cards) {
        expect(card.status).toBe('blocked');
        expect(await executedBlocks(simulator.url, card.cardRef)).toHaveLength(1);
        expect(view.timeline.filter((e) => e.type === 'CARD_BLOCKED' && e.summary.includes(card.last4))).toHaveLength(1);
      }
    }
    const { rows: sequences } = await db.query(
      `SELECT incident_id, array_agg(seq ORDER BY seq) AS seqs, max(i.version) AS version
         FROM incident_events e JOIN incidents i ON i.id = e.incident_id
        WHERE incident_id = ANY($1) GROUP BY incident_id`,
      [ids],
    );
    expect(sequences).toHaveLength(INCIDENTS);
    for (const { seqs, version } of sequences) expect(seqs).toEqual(Array.from({ length: version }, (_, k) => k + 1));
  }, 120_000);
});
