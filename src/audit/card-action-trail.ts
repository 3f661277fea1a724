import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { redactCardNumbers } from '../common/card-number.js';
import type { JsonObject } from '../common/json.js';
import type { Actor } from '../incidents/actor.js';
import type { IncidentEntity } from '../incidents/incident.entity.js';
import type { EffectKind } from '../playbooks/catalog/effects.js';
import { CardAction, CardActionEntity, CardActionResult, chainedContent } from './card-action.entity.js';
import { CHAIN_LOCK, chainHash, GENESIS_HASH } from './hash-chain.js';

/** An outbox effect as the trail needs it. */
export interface CardEffect {
  id: string;
  kind: string;
  params: JsonObject;
}

/** An effect whose job has ended, as the outbox row now holds it. */
export interface FinishedCardEffect extends CardEffect {
  status: 'succeeded' | 'dead';
  result: JsonObject | null;
  lastError: string | null;
}

type Incident = Pick<IncidentEntity, 'id' | 'customerRef' | 'channel' | 'playbookId'>;
type Entry = Omit<CardActionEntity, 'seq' | 'id' | 'at' | 'prevHash' | 'hash'>;
type CardOfEffect = NonNullable<ReturnType<typeof cardActionOf>>;

/** The effects that block, unblock or replace a card, and the action each one is on the trail. */
const CARD_ACTION_OF: Partial<Record<EffectKind, (params: { mode?: 'freeze' | 'block' }) => CardAction>> = {
  blockCard: (params) => params.mode ?? 'block',
  unblockCard: () => 'unblock',
  scheduleReissue: () => 'reissue',
};

/** The card action an effect carries, or null for effects that do not touch a card (notifications, timers). */
function cardActionOf(effect: CardEffect, incident: Incident): { action: CardAction; cardRef: string; last4: string; reason: string } | null {
  const actionOf = CARD_ACTION_OF[effect.kind as EffectKind];
  if (!actionOf) return null;
  const params = effect.params as { cardRef: string; last4: string; reason?: string; mode?: 'freeze' | 'block' };
  return { action: actionOf(params), cardRef: params.cardRef, last4: params.last4, reason: params.reason ?? incident.playbookId };
}

/**
 * Appends to the card-action audit trail inside the caller's transaction, so a card action is on
 * the record exactly when the state change that asked for it (or reported it) is committed.
 * Callers append last in their transaction: the chain lock is then never held while waiting for a row.
 */
@Injectable()
export class CardActionTrail {
  /** A `requested` row for each card action among effects just written to the outbox. */
  async recordRequested(manager: EntityManager, incident: Incident, actor: Actor, effects: CardEffect[]): Promise<void> {
    const entries = effects.flatMap((effect) => {
      const card = cardActionOf(effect, incident);
      return card ? [entry(incident, actor, effect, card, 'requested')] : [];
    });
    await this.append(manager, entries);
  }

  /** A `succeeded` row with core banking's reference, or a `failed` row with the reason, when a card action's job ends. */
  async recordOutcome(manager: EntityManager, incident: Incident, actor: Actor, effect: FinishedCardEffect): Promise<void> {
    const card = cardActionOf(effect, incident);
    if (!card) return;
    const coreRef = effect.result?.coreRef;
    const outcome =
      effect.status === 'succeeded'
        ? entry(incident, actor, effect, card, 'succeeded', { coreRef: typeof coreRef === 'string' ? coreRef : null })
        : entry(incident, actor, effect, card, 'failed', { failureReason: redactCardNumbers(effect.lastError ?? 'not confirmed by core banking') });
    await this.append(manager, [outcome]);
  }

  private async append(manager: EntityManager, entries: Entry[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const [head] = await manager.query('SELECT hash FROM card_actions ORDER BY seq DESC LIMIT 1');
    let prevHash: string = head?.hash ?? GENESIS_HASH;
    const at = new Date();
    for (const entry of entries) {
      const content = { ...entry, id: randomUUID(), at };
      const hash = chainHash(prevHash, chainedContent(content));
      await manager.insert(CardActionEntity, { ...content, prevHash, hash });
      prevHash = hash;
    }
  }
}

function entry(incident: Incident, actor: Actor, effect: CardEffect, card: CardOfEffect, result: CardActionResult, answer: Partial<Pick<Entry, 'coreRef' | 'failureReason'>> = {}): Entry {
  return {
    actor: actor.id,
    origin: actor.origin,
    channel: incident.channel,
    action: card.action,
    result,
    cardRef: card.cardRef,
    last4: card.last4,
    customerRef: incident.customerRef,
    incidentId: incident.id,
    effectId: effect.id,
    reason: card.reason,
    coreRef: answer.coreRef ?? null,
    failureReason: answer.failureReason ?? null,
  };
}
