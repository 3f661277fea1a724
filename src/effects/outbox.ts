import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { JsonObject } from '../common/json.js';
import type { EffectDraft } from '../playbooks/catalog/effects.js';
import type { Effect } from './effect-handler.js';
import { EffectEntity } from './effect.entity.js';

/** A job reporting how its effect ended; recorded in the same transaction as the event it sends. */
export interface EffectReport {
  effectId: string;
  status: 'succeeded' | 'dead';
  result?: Record<string, unknown>;
  error?: string;
}

/** An effect whose job has ended, as the outbox row now holds it. */
export interface FinishedEffect {
  id: string;
  kind: string;
  params: JsonObject;
  status: 'succeeded' | 'dead';
  result: JsonObject | null;
  lastError: string | null;
}

/**
 * The one owner of an effect's status: written with the change that asked for it, claimed by a
 * worker, failed for a retry, finished with its report, re-armed by a supervisor.
 * (Writes are wrapped in `WITH … SELECT` so TypeORM returns plain rows, not `[rows, count]`.)
 */
@Injectable()
export class Outbox {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes the effects inside the caller's transaction. */
  async insert(m: EntityManager, incidentId: string, eventSeq: number, drafts: EffectDraft[], now: Date): Promise<EffectEntity[]> {
    if (drafts.length === 0) return [];
    const effects = drafts.map((d) =>
      Object.assign(new EffectEntity(), {
        id: randomUUID(),
        incidentId,
        eventSeq,
        kind: d.kind,
        params: d.params,
        status: 'pending',
        attempts: 0,
        dueAt: d.dueAt ? new Date(d.dueAt) : now,
        result: null,
        lastError: null,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await m.insert(EffectEntity, effects);
    return effects;
  }

  /**
   * Withdraws effects that have not run (pending, or waiting for a retry) inside the caller's transaction:
   * all of an incident's, or only the given ones. A running one is left to finish: what it did is real.
   */
  async cancelUnrun(m: EntityManager, incidentId: string, effectIds?: string[]): Promise<{ id: string; kind: string }[]> {
    return m.query(
      `WITH cancelled AS (
         UPDATE effects SET status = 'cancelled', updated_at = now()
          WHERE incident_id = $1 AND status IN ('pending', 'failed') AND ($2::uuid[] IS NULL OR id = ANY($2))
          RETURNING id, kind)
       SELECT id, kind FROM cancelled ORDER BY kind, id`,
      [incidentId, effectIds ?? null],
    );
  }

  /** Marks the effect running and counts the attempt; null when it has already finished. */
  async claim(effectId: string): Promise<Effect | null> {
    // One round trip: the claimed row comes back whole.
    const [row] = await this.dataSource.query(
      `WITH claimed AS (
         UPDATE effects SET status = 'running', attempts = attempts + 1, updated_at = now()
          WHERE id = $1 AND status IN ('pending', 'running', 'failed')
          RETURNING *)
       SELECT id, incident_id AS "incidentId", event_seq AS "eventSeq", kind, params, status, attempts, due_at AS "dueAt",
              result, last_error AS "lastError", created_at AS "createdAt", updated_at AS "updatedAt"
         FROM claimed`,
      [effectId],
    );
    // The row's params are what the catalog's effect asked for: its kind types them.
    return row ? (Object.assign(new EffectEntity(), row) as unknown as Effect) : null;
  }

  /** An attempt failed and another will follow (BullMQ's backoff). */
  async fail(effectId: string, reason: string): Promise<void> {
    await this.dataSource.query(`UPDATE effects SET status = 'failed', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'running'`, [effectId, reason]);
  }

  /** Only the first report of an effect counts: a redelivered job finds it already finished. */
  async finish(m: EntityManager, report: EffectReport): Promise<FinishedEffect | null> {
    const [finished] = await m.query(
      `WITH finished AS (
         UPDATE effects SET status = $2, result = $3, last_error = $4, updated_at = now()
          WHERE id = $1 AND status IN ('pending', 'running', 'failed')
          RETURNING id, kind, params, status, result, last_error)
       SELECT id, kind, params, status, result, last_error AS "lastError" FROM finished`,
      [report.effectId, report.status, report.result ?? null, report.error ?? null],
    );
    return finished ?? null;
  }

  /** A dead effect gets another run, with a fresh attempt count; false when it is not dead. */
  async rearm(m: EntityManager, effectId: string): Promise<boolean> {
    const reset: unknown[] = await m.query(
      `WITH reset AS (
         UPDATE effects SET status = 'pending', attempts = 0, last_error = NULL, due_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'dead'
          RETURNING id)
       SELECT id FROM reset`,
      [effectId],
    );
    return reset.length > 0;
  }
}
