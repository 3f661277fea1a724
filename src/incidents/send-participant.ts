import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EffectEntity } from '../effects/effect.entity.js';
import type { FinishedEffect } from '../effects/outbox.js';
import type { EffectDraft } from '../playbooks/catalog/effects.js';
import type { IncidentContext, IncidentEvent } from '../playbooks/catalog/incident-context.js';
import type { Actor } from '../auth/actor.js';
import type { IncidentEntity } from './incident.entity.js';

/** A request's Idempotency-Key, as the caller claimed it. */
export interface RequestClaim {
  principal: string;
  key: string;
}

/** One event as it is recorded on an incident, with what it asked for: what every participant reads. */
export interface RecordedEvent {
  /** As it was before the event. */
  incident: IncidentEntity;
  event: IncidentEvent;
  seq: number;
  actor: Actor;
  /** The playbook's context after the event. */
  context: IncidentContext;
  /** The effects the event asked for, just written to the outbox. */
  effects: EffectEntity[];
  /**
   * `opened`: the incident's first event; `ignored`: a job's report the playbook no longer needs, kept on the record;
   * `retried`: a supervisor gave a dead effect (in `effects`) another run.
   */
  kind: 'opened' | 'applied' | 'ignored' | 'retried';
  outcome: 'resolved' | 'cancelled' | null;
  /** Set when the event is a job's report on its effect, with the effect as the report left it. */
  reportedEffectId?: string;
  finished?: FinishedEffect | null;
  claim?: RequestClaim;
}

/**
 * A feature that takes part in every change to an incident: called inside `send()`'s (and `open()`'s)
 * transaction, after the event and its effects are written, in `order`. What it returns goes to the outbox
 * with the event. A participant that throws refuses the event: nothing of it is committed.
 */
export interface SendParticipant {
  /** Lower goes first; the audit trail goes last, so its chain lock is held as briefly as possible. */
  readonly order: number;
  take(m: EntityManager, recorded: RecordedEvent): Promise<EffectDraft[] | void>;
}

/** The participants, added by their own modules at init. */
@Injectable()
export class SendParticipants {
  private readonly participants: SendParticipant[] = [];

  register(participant: SendParticipant): void {
    this.participants.push(participant);
    this.participants.sort((a, b) => a.order - b.order);
  }

  all(): readonly SendParticipant[] {
    return this.participants;
  }
}
