import { closedLoop, type Latencies } from '../load.js';
import { POOL_SIZE, type BenchStack } from '../stack.js';

/**
 * The raw Postgres ceiling of an operator step: the same row writes `send()` makes (read the incident,
 * compare-and-set it, append the event) as one bare `pg` transaction, with the service's pool size.
 */
export async function rawStepCeiling(stack: BenchStack, incidentIds: string[], durationMs: number): Promise<Latencies> {
  const lanes = Math.min(incidentIds.length, POOL_SIZE * 2);
  return closedLoop(lanes, durationMs, async (lane) => {
    const id = incidentIds[lane];
    const client = await stack.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ version: number; snapshot: { value: string } }>('SELECT version, snapshot FROM incidents WHERE id = $1 FOR UPDATE', [id]);
      const { version, snapshot } = rows[0];
      const updated = await client.query(`UPDATE incidents SET snapshot = $3, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2`, [id, version, snapshot]);
      if (updated.rowCount !== 1) throw new Error(`raw baseline lost a compare-and-set on ${id}`);
      await client.query(
        `INSERT INTO incident_events (incident_id, seq, type, data, actor, at, state_from, state_to, outcome) VALUES ($1, $2, 'CUSTOMER_MOOD', $3, 'op-bench', now(), $4, $4, 'applied')`,
        [id, version + 1, { mood: 'calm' }, snapshot.value],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  });
}
