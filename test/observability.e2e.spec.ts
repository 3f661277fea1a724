import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { EffectQueue, QueueName } from '../src/effects/effect-queue.js';
import type { IncidentView } from '../src/incidents/incident.view.js';
import { startSimulator, type RunningSimulator } from '../src/simulator/simulator.server.js';
import { declaredMetrics, sample } from './support/prometheus.js';
import { bearer, eventually, startTestApp, uniqueCustomer, type TestApp } from './support/test-app.js';

const fraudEngine = bearer(['system'], 'fraud-engine');
const operator = bearer(['operator'], 'op-obs');

/** Core banking as Lifeline sees it, with every request's path and headers written down on the way through. */
async function recordingProxy(target: string): Promise<{ url: string; seen: { path: string; headers: IncomingHttpHeaders }[]; server: Server }> {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    seen.push({ path: req.url ?? '', headers: req.headers });
    const answer = await fetch(target + req.url, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer()));
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

async function cardsOf(simulatorUrl: string, customerRef: string): Promise<{ cardRef: string; last4: string }[]> {
  const { cards } = (await (await fetch(`${simulatorUrl}/v1/customers/${customerRef}/cards`)).json()) as { cards: { cardRef: string; last4: string }[] };
  return cards.map(({ cardRef, last4 }) => ({ cardRef, last4 }));
}

describe('observability: probes, metrics and request ids', () => {
  let simulator: RunningSimulator;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  let t: TestApp;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0 });
    proxy = await recordingProxy(simulator.url);
    t = await startTestApp({ CORE_BANKING_URL: proxy.url }, { simulator });
  });

  afterAll(async () => {
    await t?.close();
    proxy?.server.close();
    await simulator?.close();
  });

  const metrics = async () => (await t.http().get('/metrics').expect(200).expect('content-type', /text\/plain/)).text;

  const openCompromised = async (customerRef: string, requestId?: string) => {
    const cards = await cardsOf(simulator.url, customerRef);
    const call = t.http().post('/v1/incidents').set('Authorization', fraudEngine);
    if (requestId) call.set('X-Request-Id', requestId);
    const response = await call.send({ playbook: 'card-compromised', customerRef, channel: 'api', contactChannel: 'push', cards }).expect(201);
    return { response, view: response.body as IncidentView, cards };
  };

  const blockedEverywhere = (id: string) =>
    eventually(async () => {
      const view = (await t.http().get(`/v1/incidents/${id}`).set('Authorization', fraudEngine).expect(200)).body as IncidentView;
      return view.cards.every((c) => c.status === 'blocked') && view;
    }, 'every card blocked');

  describe('probes', () => {
    it('is live and ready with every dependency named', async () => {
      const live = await t.http().get('/health/live').expect(200);
      expect(live.body).toMatchObject({ status: 'ok', info: { eventLoop: { status: 'up' } } });
      const ready = await t.http().get('/health/ready').expect(200);
      expect(ready.body).toMatchObject({
        status: 'ok',
        info: { postgres: { status: 'up' }, redis: { status: 'up', maxmemoryPolicy: 'noeviction' }, coreBanking: { status: 'up' }, queues: { status: 'up' } },
      });
      // The old route keeps its old answer.
      expect((await t.http().get('/health').expect(200)).body).toEqual({ status: 'ok' });
    });

    it('is not ready when core banking does not answer, yet stays live', async () => {
      const unreachable = await startTestApp({ ROLE: 'api', CORE_BANKING_URL: 'http://127.0.0.1:9' }, { simulator });
      try {
        const ready = await unreachable.http().get('/health/ready').expect(503);
        expect(ready.body).toMatchObject({ status: 'error', error: { coreBanking: { status: 'down' } }, info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
        await unreachable.http().get('/health/live').expect(200);
      } finally {
        await unreachable.close();
      }
    });

    it('is not ready when more jobs wait than HEALTH_MAX_QUEUE_BACKLOG allows (an API with no worker behind it)', async () => {
      const api = await startTestApp({ ROLE: 'api', HEALTH_MAX_QUEUE_BACKLOG: '1' }, { simulator });
      try {
        await api.http().get('/health/ready').expect(200);
        const customerRef = uniqueCustomer('backlog');
        const cards = await cardsOf(simulator.url, customerRef);
        await api.http().post('/v1/incidents').set('Authorization', fraudEngine).send({ playbook: 'card-compromised', customerRef, channel: 'api', cards }).expect(201);
        const ready = await api.http().get('/health/ready').expect(503);
        expect(ready.body.error.queues).toMatchObject({ status: 'down' });
        expect(ready.body.error.queues.message).toMatch(/jobs waiting, more than 1/);
      } finally {
        await api.close();
      }
    });

    it('is not live when the event loop has been blocked longer than HEALTH_MAX_EVENT_LOOP_DELAY_MS', async () => {
      const stuck = await startTestApp({ ROLE: 'api', HEALTH_MAX_EVENT_LOOP_DELAY_MS: '100' }, { simulator });
      try {
        // The process is stuck for 400 ms inside a timer callback, as a runaway computation would be.
        await new Promise<void>((resolve) => setTimeout(() => {
          const until = performance.now() + 400;
          while (performance.now() < until);
          setTimeout(resolve, 100);
        }, 50));
        const live = await stuck.http().get('/health/live');
        expect(live.status).toBe(503);
        expect(live.body.error.eventLoop).toMatchObject({ status: 'down', limitMs: 100 });
        expect(live.body.error.eventLoop.delayMs).toBeGreaterThanOrEqual(300);
      } finally {
        await stuck.close();
      }
    });

    it('refuses readiness when Redis may evict jobs', async () => {
      const redis = (await t.app.get(EffectQueue).queue(QueueName.CardActions).getBackend().client) as unknown as Redis;
      await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
      try {
        const ready = await t.http().get('/health/ready').expect(503);
        expect(ready.body.error.redis.message).toMatch(/maxmemory-policy is allkeys-lru/);
      } finally {
        await redis.config('SET', 'maxmemory-policy', 'noeviction');
      }
    });
  });

  describe('request ids', () => {
    it('echoes the caller\'s X-Request-Id and carries it into the jobs and every core-banking call they make', async () => {
      const requestId = `req-${uniqueCustomer('rid')}`;
      const { response, view } = await openCompromised(uniqueCustomer('rid'), requestId);
      expect(response.headers['x-request-id']).toBe(requestId);
      await blockedEverywhere(view.id);
      const blocks = proxy.seen.filter((r) => r.path.endsWith('/block') && view.cards.some((c) => r.path.includes(c.cardRef)));
      expect(blocks.length).toBe(view.cards.length);
      expect(blocks.every((r) => r.headers['x-request-id'] === requestId)).toBe(true);
      const [effect]: { id: string }[] = await t.app.get(DataSource).query(`SELECT id FROM effects WHERE incident_id = $1 AND kind = 'blockCard' LIMIT 1`, [view.id]);
      const job = await t.app.get(EffectQueue).queue(QueueName.Protection).getJob(effect.id);
      expect(job?.data).toEqual({ effectId: effect.id, requestId });
    });

    it('makes one when none is given, and refuses to echo a hostile one', async () => {
      const made = await t.http().get('/health/live').expect(200);
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const hostile = await t.http().get('/health/live').set('X-Request-Id', '<script>alert(1)</script>').expect(200);
      expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('/metrics', () => {
    it('times protection per playbook: every block, and the first protective action once per incident', async () => {
      const before = await metrics();
      const count = (text: string, name: string) => sample(text, `${name}_count`, { playbook: 'card-compromised' }) ?? 0;
      const customerRef = uniqueCustomer('metrics');
      const { view, cards } = await openCompromised(customerRef);
      expect(cards.length).toBeGreaterThanOrEqual(2); // several cards are blocked at once: "first" must still count once
      await blockedEverywhere(view.id);
      const after = await eventually(async () => {
        const text = await metrics();
        return count(text, 'lifeline_time_to_block_seconds') - count(before, 'lifeline_time_to_block_seconds') >= cards.length && text;
      }, 'the blocks to be timed');
      expect(count(after, 'lifeline_time_to_block_seconds') - count(before, 'lifeline_time_to_block_seconds')).toBe(cards.length);
      expect(count(after, 'lifeline_time_to_first_protective_action_seconds') - count(before, 'lifeline_time_to_first_protective_action_seconds')).toBe(1);
      // Blocked within seconds: the 30 s bucket holds them all.
      const within30s = (text: string) => sample(text, 'lifeline_time_to_block_seconds_bucket', { playbook: 'card-compromised', le: '30' }) ?? 0;
      expect(within30s(after) - within30s(before)).toBe(cards.length);
      const blockCalls = sample(after, 'lifeline_core_banking_call_seconds_count', { route: 'POST /v1/cards/:ref/block', outcome: 'ok' }) ?? 0;
      expect(blockCalls - (sample(before, 'lifeline_core_banking_call_seconds_count', { route: 'POST /v1/cards/:ref/block', outcome: 'ok' }) ?? 0)).toBe(cards.length);
      // Labels carry routes, never a customer's or a card's ref.
      expect(after).not.toContain(customerRef);
    });

    it('counts core-banking errors by route and kind', async () => {
      const before = sample(await metrics(), 'lifeline_core_banking_errors_total', { route: 'GET /v1/customers/:ref/cards', kind: 'unavailable' }) ?? 0;
      await fetch(`${simulator.url}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 1 }) });
      try {
        await t.http().post('/v1/incidents').set('Authorization', operator).send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer('down'), channel: 'phone' });
      } finally {
        await fetch(`${simulator.url}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 0 }) });
      }
      const after = sample(await metrics(), 'lifeline_core_banking_errors_total', { route: 'GET /v1/customers/:ref/cards', kind: 'unavailable' }) ?? 0;
      expect(after).toBeGreaterThan(before);
    });

    it('times operator steps by playbook and answer status', async () => {
      const customerRef = uniqueCustomer('step');
      const [card] = await cardsOf(simulator.url, customerRef);
      const view = (await t.http().post('/v1/incidents').set('Authorization', operator).send({ playbook: 'stolen-wallet', customerRef, channel: 'phone', cards: [card] }).expect(201)).body as IncidentView;
      const before = await metrics();
      const steps = (text: string, status: string) => sample(text, 'lifeline_operator_step_seconds_count', { playbook: 'stolen-wallet', status }) ?? 0;
      await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type: view.step!.primary!.event, expectedVersion: view.version }).expect(200);
      await t.http().post(`/v1/incidents/${view.id}/events`).set('Authorization', operator).send({ type: view.step!.primary!.event, expectedVersion: view.version }).expect(409);
      const after = await metrics();
      expect(steps(after, '200') - steps(before, '200')).toBe(1);
      expect(steps(after, '409') - steps(before, '409')).toBe(1);
    });

    it('reads incidents, effects, dead effects, commitments and queues from the truth at scrape time', async () => {
      const db = t.app.get(DataSource);
      const [{ n: open }] = await db.query(`SELECT count(*) AS n FROM incidents WHERE playbook_id = 'card-compromised' AND status = 'open'`);
      const [{ n: dead }] = await db.query(`SELECT count(*) AS n FROM effects WHERE status = 'dead' AND kind = 'blockCard'`);
      const [{ n: kept }] = await db.query(`SELECT count(*) AS n FROM commitments WHERE status = 'met'`);
      const text = await metrics();
      expect(sample(text, 'lifeline_incidents', { playbook: 'card-compromised', status: 'open' })).toBe(Number(open));
      expect(sample(text, 'lifeline_dead_effects', { kind: 'blockCard' }) ?? 0).toBe(Number(dead));
      expect(sample(text, 'lifeline_effects', { kind: 'blockCard', status: 'succeeded' })).toBeGreaterThan(0);
      expect(sample(text, 'lifeline_commitments', { status: 'kept' }) ?? 0).toBe(Number(kept));
      for (const queue of Object.values(QueueName)) {
        expect(sample(text, 'lifeline_queue_jobs', { queue, state: 'waiting' })).toBeGreaterThanOrEqual(0);
        expect(sample(text, 'lifeline_queue_oldest_job_age_seconds', { queue })).toBeGreaterThanOrEqual(0);
      }
    });

    it('reports the age of the oldest waiting job', async () => {
      const api = await startTestApp({ ROLE: 'api' }, { simulator });
      try {
        const customerRef = uniqueCustomer('age');
        await api.http().post('/v1/incidents').set('Authorization', fraudEngine).send({ playbook: 'card-compromised', customerRef, channel: 'api', cards: await cardsOf(simulator.url, customerRef) }).expect(201);
        await new Promise((resolve) => setTimeout(resolve, 1200));
        const text = (await api.http().get('/metrics').expect(200)).text;
        expect(sample(text, 'lifeline_queue_jobs', { queue: 'protection', state: 'waiting' })).toBeGreaterThanOrEqual(1);
        expect(sample(text, 'lifeline_queue_oldest_job_age_seconds', { queue: 'protection' })).toBeGreaterThanOrEqual(1);
      } finally {
        await api.close();
      }
    });

    it('needs METRICS_TOKEN when one is set', async () => {
      const guarded = await startTestApp({ ROLE: 'api', METRICS_TOKEN: 'prometheus-scrape-token-1234' }, { simulator });
      try {
        const refused = await guarded.http().get('/metrics').expect(401);
        expect(refused.body).toMatchObject({ error: 'unauthorized', message: expect.stringContaining('METRICS_TOKEN') });
        await guarded.http().get('/metrics').set('Authorization', 'Bearer wrong-token-of-some-length').expect(401);
        const text = (await guarded.http().get('/metrics').set('Authorization', 'Bearer prometheus-scrape-token-1234').expect(200)).text;
        expect(declaredMetrics(text).has('lifeline_incidents')).toBe(true);
      } finally {
        await guarded.close();
      }
    });
  });
});
