import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { containsCardNumber } from '../common/card-number.js';
import { errorAnswer } from '../common/http-error.filter.js';
import { LifelineError } from '../common/lifeline.error.js';
import { canonicalJson } from '../playbooks/playbook.compiler.js';

/** The key a request carries, scoped to its caller. */
export interface IdempotencyClaim {
  principal: string;
  key: string;
}

export interface Answer {
  status: number;
  body: unknown;
}

/** A claim older than this whose request never finished (the process died) may be taken over; well above any request's run time. */
const LEASE_SECONDS = 120;
/** Keys are kept 48 h, as the README promises clients. */
const RETENTION_HOURS = 48;
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

type Claimed =
  | { kind: 'proceed' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'replay_incident'; status: number; incidentId: string };

/**
 * `Idempotency-Key` on writes, with Stripe's semantics: the same key and body get the first answer
 * again; the same key with another body is refused (422); while the first request is still running
 * the key is busy (409). A request that created something links the key to it in the same
 * transaction, so even a crash before the answer is stored never lets a retry do it twice.
 */
@Injectable()
export class IdempotencyService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyService.name);
  private purgeTimer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.purgeTimer = setInterval(() => void this.purgeExpired(), 3600_000).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.purgeTimer);
  }

  /**
   * Runs `handle` at most once per key and writes the answer. `replayIncident` rebuilds the answer
   * for a key whose request committed but whose answer was never stored.
   */
  async respond(
    request: Request & { principal: Principal },
    response: Response,
    handle: (claim: IdempotencyClaim | undefined) => Promise<Answer>,
    replayIncident: (incidentId: string) => Promise<unknown>,
  ): Promise<void> {
    const key = request.header('Idempotency-Key');
    if (key === undefined) return send(response, await handle(undefined));
    if (!KEY_SHAPE.test(key)) throw new LifelineError('bad_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    // The key is stored and may be quoted in logs: a card number pasted into it is refused, not kept.
    if (containsCardNumber(key)) throw new LifelineError('bad_request', 'Idempotency-Key looks like it holds a full card number; use a random key such as a UUID');

    const claim = { principal: request.principal.sub, key };
    const claimed = await this.claim(claim, requestHash(request));
    if (claimed.kind === 'replay') return send(response, claimed, true);
    if (claimed.kind === 'replay_incident') return send(response, { status: claimed.status, body: await replayIncident(claimed.incidentId) }, true);

    let answer: Answer;
    try {
      answer = await handle(claim);
    } catch (error) {
      const failed = errorAnswer(error);
      // A server-side failure changed nothing (or linked the key if it did): the client may retry.
      if (failed.status >= 500) await this.release(claim);
      else await this.complete(claim, failed).catch((e: Error) => this.logger.warn(`Could not store the answer for an Idempotency-Key: ${e.message}`));
      throw error;
    }
    await this.complete(claim, answer);
    send(response, answer);
  }

  /** Inside the request's own transaction: the key now answers for this incident, whatever happens next. */
  async link(m: EntityManager, claim: IdempotencyClaim | undefined, incidentId: string, status: number): Promise<void> {
    if (!claim) return;
    await m.query(
      `UPDATE idempotency_keys SET status = 'done', incident_id = $3, response_status = $4 WHERE principal = $1 AND key = $2`,
      [claim.principal, claim.key, incidentId, status],
    );
  }

  private async claim(claim: IdempotencyClaim, hash: string): Promise<Claimed> {
    const taken: unknown[] = await this.dataSource.query(
      `WITH claimed AS (
         INSERT INTO idempotency_keys (principal, key, request_hash, status, locked_until)
         VALUES ($1, $2, $3, 'in_progress', now() + make_interval(secs => $4))
         ON CONFLICT (principal, key) DO UPDATE SET locked_until = EXCLUDED.locked_until
           WHERE idempotency_keys.status = 'in_progress' AND idempotency_keys.locked_until < now()
             AND idempotency_keys.request_hash = EXCLUDED.request_hash
         RETURNING 1)
       SELECT 1 FROM claimed`,
      [claim.principal, claim.key, hash, LEASE_SECONDS],
    );
    if (taken.length === 1) return { kind: 'proceed' };

    const [row] = await this.dataSource.query(
      `SELECT request_hash, status, incident_id, response_status, response_body FROM idempotency_keys WHERE principal = $1 AND key = $2`,
      [claim.principal, claim.key],
    );
    if (!row) return this.claim(claim, hash); // purged between the two statements
    if (row.request_hash !== hash) {
      throw new LifelineError('idempotency_key_reused', 'This Idempotency-Key was already used for a different request; use a new key');
    }
    if (row.status === 'in_progress') throw new LifelineError('request_in_progress', 'A request with this Idempotency-Key is still running; retry shortly');
    if (row.response_body !== null) return { kind: 'replay', status: row.response_status, body: row.response_body };
    return { kind: 'replay_incident', status: row.response_status, incidentId: row.incident_id };
  }

  private async complete(claim: IdempotencyClaim, answer: Answer): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status = 'done', response_status = $3, response_body = $4 WHERE principal = $1 AND key = $2`,
      [claim.principal, claim.key, answer.status, JSON.stringify(answer.body)],
    );
  }

  /** Frees the key for a retry. A second try on a fresh connection covers the one that just broke. */
  private async release(claim: IdempotencyClaim): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.dataSource.query(`DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND status = 'in_progress'`, [claim.principal, claim.key]);
        return;
      } catch (error) {
        if (attempt < 3) continue;
        this.logger.warn(`Could not release Idempotency-Key (it frees itself in ${LEASE_SECONDS} s): ${(error as Error).message}`);
        return;
      }
    }
  }

  private async purgeExpired(): Promise<void> {
    await this.dataSource
      .query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [RETENTION_HOURS])
      .catch((error: Error) => this.logger.warn(`Idempotency-Key purge failed: ${error.message}`));
  }
}

function requestHash(request: Request): string {
  const path = request.originalUrl.split('?')[0];
  return createHash('sha256').update(`${request.method} ${path}\n${canonicalJson(request.body ?? null)}`).digest('hex');
}

function send(response: Response, answer: Answer, replayed = false): void {
  if (replayed) response.setHeader('Idempotent-Replayed', 'true');
  response.status(answer.status).json(answer.body);
}
