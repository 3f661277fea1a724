import type { IncidentView } from '../src/incidents/incident.view.js';
import { IncidentsService } from '../src/incidents/incidents.service.js';
import { newCard } from '../src/simulator/seed.js';
import { call, inParallel } from './http.js';
import type { BenchStack } from './stack.js';

const INCIDENTS = 20;
const EVENTS_PER_INCIDENT = 50;
const WARM_UP_EVENTS = 5;

export interface SendResult {
  events: number;
  concurrency: number;
  /** Events per second. */
  service: number;
  http: number;
  raw: number;
}

const mood = (i: number) => (i % 2 === 0 ? 'panicked' : 'calm');

/**
 * The one path every change of an incident takes: operator events (CUSTOMER_MOOD, handled in every step
 * of stolen-wallet, no effects) on 20 incidents at once, one event at a time per incident, so the numbers
 * measure the path and not compare-and-set conflicts. Baseline: the path's two writes issued bare with pg.
 */
export async function benchSend(stack: BenchStack): Promise<SendResult> {
  const operator = { authorization: stack.token('op-bench', 'operator') };
  const run = Date.now().toString(36);
  const incidents: IncidentView[] = [];
  for (let i = 0; i < INCIDENTS; i++) {
    const customerRef = `cust-send-${run}-${i}`;
    const { cardRef, last4 } = newCard(`card_${customerRef}_1`, 'any');
    incidents.push(await call<IncidentView>(stack.url, 'POST', '/v1/incidents', operator, { playbook: 'stolen-wallet', customerRef, channel: 'phone', cards: [{ cardRef, last4 }] }));
  }
  const ids = incidents.map((incident) => incident.id);
  const service = stack.app.get(IncidentsService);
  const actor = { id: 'op-bench', origin: '127.0.0.1' };
  const viaService = (id: string, i: number) => service.sendFromApi(id, 'CUSTOMER_MOOD', { mood: mood(i) }, actor);
  const viaHttp = (id: string, i: number) => call(stack.url, 'POST', `/v1/incidents/${id}/events`, operator, { type: 'CUSTOMER_MOOD', data: { mood: mood(i) } });

  await throughput(ids, WARM_UP_EVENTS, viaService);
  return {
    events: INCIDENTS * EVENTS_PER_INCIDENT,
    concurrency: INCIDENTS,
    service: await throughput(ids, EVENTS_PER_INCIDENT, viaService),
    http: await throughput(ids, EVENTS_PER_INCIDENT, viaHttp),
    raw: await rawBaseline(stack, ids),
  };
}

async function throughput(ids: string[], perIncident: number, send: (id: string, i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await inParallel(ids, ids.length, async (id) => {
    for (let i = 0; i < perIncident; i++) await send(id, i);
  });
  return (ids.length * perIncident) / ((performance.now() - start) / 1000);
}

/** What `send()` writes, and nothing else: the compare-and-set UPDATE and the event INSERT, in one transaction. */
async function rawBaseline(stack: BenchStack, ids: string[]): Promise<number> {
  const start = performance.now();
  await inParallel(ids, ids.length, async (id) => {
    const client = await stack.pool.connect();
    try {
      const { rows } = await client.query<{ version: number; snapshot: { value: string } }>('SELECT version, snapshot FROM incidents WHERE id = $1', [id]);
      let { version } = rows[0];
      const { snapshot } = rows[0];
      for (let i = 0; i < EVENTS_PER_INCIDENT; i++) {
        await client.query('BEGIN');
        const updated = await client.query(`UPDATE incidents SET snapshot = $3, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`, [id, version, snapshot]);
        if (updated.rowCount !== 1) throw new Error(`raw baseline lost a compare-and-set on ${id}`);
        await client.query(
          `INSERT INTO incident_events (incident_id, seq, type, data, actor, at, state_from, state_to, outcome) VALUES ($1, $2, 'CUSTOMER_MOOD', $3, 'op-bench', now(), $4, $4, 'applied')`,
          [id, version + 1, { mood: mood(i) }, snapshot.value],
        );
        await client.query('COMMIT');
        version += 1;
      }
    } finally {
      client.release();
    }
  });
  return (ids.length * EVENTS_PER_INCIDENT) / ((performance.now() - start) / 1000);
}
