import pg from 'pg';
import request from 'supertest';
import type { IncidentView } from '../../src/incidents/incident.view.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator.server.js';
import { executedBlocks } from '../support/ledger.js';
import { ServiceProcess, freePort } from '../support/service-process.js';
import { bearer, eventually, uniqueCustomer } from '../support/test-app.js';
import { retireLeftoverEffects, TEST_DATABASE_URL } from '../support/test-env.js';

export const operator = bearer(['operator'], 'op-chaos');

/**
 * The whole service as separate OS processes (API, worker) against the real Postgres, Redis and
 * a core-banking simulator over HTTP; each chaos test breaks one part of it.
 */
export class ChaosStack {
  readonly prefix = `{chaos-${process.pid}-${Math.random().toString(36).slice(2, 7)}}`;
  readonly db = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 4 });
  simulator!: RunningSimulator;
  api!: ServiceProcess;
  workers: ServiceProcess[] = [];
  private apiUrl!: string;

  async start(options: { apiEnv?: Record<string, string>; workerEnv?: Record<string, string> } = {}): Promise<this> {
    await retireLeftoverEffects((sql) => this.db.query(sql));
    this.simulator = await startSimulator({ port: 0 });
    const port = await freePort();
    this.apiUrl = `http://127.0.0.1:${port}`;
    this.api = await ServiceProcess.start({ ...this.env(), ROLE: 'api', PORT: String(port), ...options.apiEnv });
    await this.startWorker(options.workerEnv);
    return this;
  }

  env(): Record<string, string> {
    return {
      CORE_BANKING_URL: this.simulator.url,
      QUEUE_PREFIX: this.prefix,
      CORE_BANKING_TIMEOUT_MS: '1000',
      EFFECT_BACKOFF_MS: '100',
      SWEEP_AFTER_MS: '2000',
      SWEEP_INTERVAL_MS: '500',
      SHUTDOWN_TIMEOUT_MS: '15000',
    };
  }

  async startWorker(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const worker = await ServiceProcess.start({ ...this.env(), ROLE: 'worker', ...env });
    this.workers.push(worker);
    return worker;
  }

  http() {
    return request(this.apiUrl);
  }

  async faults(faults: Record<string, number>): Promise<void> {
    await fetch(`${this.simulator.url}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
  }

  /**
   * Opens `count` stolen-wallet incidents, then verifies identity on each, which asks for every
   * card's block. `beforeBlocking` runs in between (e.g. to make core banking misbehave).
   */
  async openAndBlock(count: number, beforeBlocking?: () => Promise<void>): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const opened = await this.http().post('/v1/incidents').set('Authorization', operator)
        .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer(`chaos${i}`), channel: 'phone' }).expect(201);
      await this.send(opened.body.id, 'CUSTOMER_READY');
      ids.push(opened.body.id);
    }
    await beforeBlocking?.();
    for (const id of ids) await this.send(id, 'IDENTITY_VERIFIED');
    return ids;
  }

  private async send(id: string, type: string): Promise<void> {
    await this.http().post(`/v1/incidents/${id}/events`).set('Authorization', operator).send({ type }).expect(200);
  }

  async view(id: string): Promise<IncidentView> {
    return (await this.http().get(`/v1/incidents/${id}`).set('Authorization', operator).expect(200)).body;
  }

  /** Waits until no block effect of these incidents is still pending or running. */
  async settled(ids: string[], timeoutMs = 120_000): Promise<void> {
    await eventually(async () => {
      const { rows } = await this.db.query(
        `SELECT count(*)::int AS open FROM effects WHERE incident_id = ANY($1) AND kind = 'blockCard' AND status NOT IN ('succeeded', 'dead')`,
        [ids],
      );
      return rows[0].open === 0;
    }, 'every card block to succeed or be given up', timeoutMs);
  }

  /** What a risk auditor checks: each card blocked at most once by core banking, once on the timeline. */
  async assertBlockedAtMostOnce(ids: string[]): Promise<{ blocked: number; dead: number }> {
    let blocked = 0;
    let dead = 0;
    for (const id of ids) {
      const view = await this.view(id);
      for (const card of view.cards) {
        const executed = await executedBlocks(this.simulator.url, card.cardRef);
        expect(executed.length).toBeLessThanOrEqual(1);
        const reported = view.timeline.filter((e) => e.type === 'CARD_BLOCKED' && e.summary.includes(card.last4));
        if (card.status === 'blocked') {
          expect(executed).toHaveLength(1);
          expect(reported).toHaveLength(1);
          blocked += 1;
        } else {
          expect(card.status).toBe('block_failed');
          expect(view.step?.attention.some((a) => a.failed.includes(card.last4))).toBe(true);
          dead += 1;
        }
      }
    }
    return { blocked, dead };
  }

  async effectStatuses(ids: string[]): Promise<Record<string, number>> {
    const { rows } = await this.db.query(
      `SELECT status, count(*)::int AS n FROM effects WHERE incident_id = ANY($1) AND kind = 'blockCard' GROUP BY status`,
      [ids],
    );
    return Object.fromEntries(rows.map((r: { status: string; n: number }) => [r.status, r.n]));
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.api?.stop('SIGKILL'), ...this.workers.map((w) => w.stop('SIGKILL'))]);
    await this.simulator?.close();
    await this.db.end();
  }
}
