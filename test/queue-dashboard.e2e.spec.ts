import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import { EffectQueue, QueueName } from '../src/effects/effect-queue.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const supervisor = bearer(['supervisor'], 'sup-olga', 3600);
const operator = bearer(['operator'], 'op-vera');
const BOARD = '/v1/queues/board';

interface BoardQueue {
  name: string;
  readOnlyMode: boolean;
  counts: Record<string, number>;
  allowRetries: boolean;
}

describe('the queue dashboard (Bull Board) for supervisors', () => {
  let t: TestApp;
  let timers: Queue;
  const jobId = `board-probe-${randomUUID()}`;

  beforeAll(async () => {
    t = await startTestApp();
    timers = t.app.get(EffectQueue).queue(QueueName.Timers);
    // A job due in an hour: no worker touches it while the test looks at it.
    await timers.add('checkCommitment', { effectId: jobId }, { jobId, delay: 3_600_000 });
  });
  afterAll(async () => {
    await (await timers.getJob(jobId))?.remove();
    await t.close();
  });

  it('refuses a caller without a token (401) and an operator (403)', async () => {
    const anonymous = await t.http().get(`${BOARD}/api/queues`).expect(401);
    expect(anonymous.body).toEqual({ error: 'unauthorized', message: 'A Bearer token is required' });
    const byOperator = await t.http().get(`${BOARD}/api/queues`).set('Authorization', operator).expect(403);
    expect(byOperator.body).toEqual({ error: 'forbidden', message: 'This action needs one of the roles: supervisor' });
    await t.http().get(`${BOARD}/`).set('Authorization', operator).expect(403);
    await t.http().post('/v1/queues/session').set('Authorization', operator).expect(403);
  });

  it('shows a supervisor every queue, read-only, with its counts', async () => {
    const res = await t.http().get(`${BOARD}/api/queues`).set('Authorization', supervisor).expect(200);
    const board: BoardQueue[] = res.body.queues;
    expect(board.map((q) => q.name).sort()).toEqual(Object.values(QueueName).sort());
    for (const queue of board)
      expect({ name: queue.name, readOnlyMode: queue.readOnlyMode, allowRetries: queue.allowRetries }).toEqual({ name: queue.name, readOnlyMode: true, allowRetries: false });
    const shown = board.find((q) => q.name === QueueName.Timers)!;
    expect(shown.counts.delayed).toBe(await timers.getDelayedCount());
    expect(shown.counts.delayed).toBeGreaterThanOrEqual(1);
  });

  it('lets a supervisor’s browser in with a short-lived HttpOnly SameSite=Strict cookie scoped to the dashboard', async () => {
    const session = await t.http().post('/v1/queues/session').set('Authorization', supervisor).expect(201);
    expect(session.body).toMatchObject({ dashboard: `${BOARD}/`, expiresAt: expect.any(String) });
    const minutes = (Date.parse(session.body.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    const [cookie] = session.headers['set-cookie'] as unknown as string[];
    expect(cookie).toMatch(/^lifeline_queue_board=[\w-]+\.[\w-]+\.[\w-]+;/);
    for (const attribute of [`Path=${BOARD}`, 'HttpOnly', 'Secure', 'SameSite=Strict']) expect(cookie.split('; ')).toContain(attribute);
    expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeGreaterThan(14 * 60);
    expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeLessThanOrEqual(15 * 60);

    const sent = cookie.split(';')[0];
    const page = await t.http().get(`${BOARD}/`).set('Cookie', sent).expect(200).expect('content-type', /html/);
    expect(page.text).toContain('Lifeline queues');
    const script = /src="([^"]*static\/js\/main[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    await t
      .http()
      .get(new URL(script!, `http://x${BOARD}/`).pathname)
      .set('Cookie', sent)
      .expect(200)
      .expect('content-type', /javascript/);
    const api = await t.http().get(`${BOARD}/api/queues`).set('Cookie', sent).expect(200);
    expect(api.body.queues).toHaveLength(Object.values(QueueName).length);
    await t.http().get(`${BOARD}/api/queues`).set('Cookie', 'lifeline_queue_board=not.a.token').expect(401);

    // A token about to expire gives a session that ends with it, never later.
    const shortLived = bearer(['supervisor'], 'sup-olga', 120);
    const short = await t.http().post('/v1/queues/session').set('Authorization', shortLived).expect(201);
    expect(Date.parse(short.body.expiresAt) - Date.now()).toBeLessThanOrEqual(120_000);
    expect(Number(/Max-Age=(\d+)/.exec((short.headers['set-cookie'] as unknown as string[])[0])?.[1])).toBeLessThanOrEqual(120);
  });

  it('refuses every write (retry, clean, remove, promote, empty, add) and changes nothing in Redis', async () => {
    const before = { counts: await timers.getJobCounts(), state: await timers.getJobState(jobId) };
    const writes: ['put' | 'post' | 'delete', string][] = [
      ['put', `/api/queues/${QueueName.Timers}/retry/failed`],
      ['put', `/api/queues/${QueueName.Timers}/clean/delayed`],
      ['put', `/api/queues/${QueueName.Timers}/${jobId}/clean`],
      ['put', `/api/queues/${QueueName.Timers}/${jobId}/promote`],
      ['put', `/api/queues/${QueueName.Timers}/${jobId}/retry`],
      ['put', `/api/queues/${QueueName.Timers}/empty`],
      ['put', `/api/queues/${QueueName.Timers}/obliterate`],
      ['post', `/api/queues/${QueueName.Timers}/add`],
      ['delete', `/api/queues/${QueueName.Timers}/${jobId}`],
    ];
    for (const [method, path] of writes) {
      const res = await t.http()[method](`${BOARD}${path}`).set('Authorization', supervisor).send({ name: 'x', data: {} });
      expect({ method, path, status: res.status, error: res.body.error, allow: res.headers.allow }).toEqual({
        method,
        path,
        status: 405,
        error: 'method_not_allowed',
        allow: 'GET, HEAD',
      });
    }
    expect({ counts: await timers.getJobCounts(), state: await timers.getJobState(jobId) }).toEqual(before);
    expect(before.state).toBe('delayed');
  });
});
