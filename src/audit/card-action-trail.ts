import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { redactCardNumbers } from '../common/card-number.js';
import type { JsonObject } from '../common/json.js';
import type { Actor } from '../auth/actor.js';
import type { IncidentEntity } from '../incidents/incident.entity.js';
import { BreachCards } from '../mass-compromise/breach-cards.js';
import type { BreachCard } from '../mass-compromise/breach-plan.js';
import type { EffectKind, EffectParams } from '../playbooks/catalog/effects.js';
import { CardAction, CardActionEntity, CardActionResult } from './card-action.entity.js';
import { CHAIN_LOCK, GENESIS_HASH, rowHash } from './hash-chain.js';

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

/** A card of a batch effect as the trail records it: with its own customer, and for an outcome core banking's answer. */
export interface BatchCardLine extends BreachCard {
  result: CardActionResult;
  coreRef?: string | null;
  failure?: string | null;
}

type Incident = Pick<IncidentEntity, 'id' | 'customerRef' | 'channel' | 'playbookId'>;
type Entry = Omit<CardActionEntity, 'seq' | 'id' | 'at' | 'prevHash' | 'hash'>;
type CardOfEffect = NonNullable<ReturnType<typeof cardActionOf>> & { customerRef?: string };

/** Rows per INSERT: a breach's 100,000 requests go in a few statements, each prepared while the last one is written. */
const APPEND_CHUNK = 5000;

/** The effects that block, unblock or replace a card, and the action each one is on the trail. */
const CARD_ACTION_OF: Partial<Record<EffectKind, (params: { mode?: 'freeze' | 'block' }) => CardAction>> = {
  blockCard: (params) => params.mode ?? 'block',
  unblockCard: () => 'unblock',
  scheduleReissue: () => 'reissue',
};

/** Effects that act on a batch of a merchant breach's cards; the cards are rows of mass_compromise_cards. */
const BATCH_ACTION_OF: Partial<Record<EffectKind, CardAction>> = {
  blockCardBatch: 'block',
  reissueCardBatch: 'reissue',
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
    for (const [effect, cards] of await this.cardsOfBatches(manager, incident, effects)) {
      entries.push(...cards.map((card) => batchEntry(incident, actor, effect, { ...card, result: 'requested' })));
    }
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

  /** One row per card of a batch effect: each card's own outcome, written with the card's change of status. */
  async recordBatchOutcomes(manager: EntityManager, incident: Incident, actor: Actor, effect: CardEffect, cards: BatchCardLine[]): Promise<void> {
    await this.append(manager, cards.map((card) => batchEntry(incident, actor, effect, card)));
  }

  /** The cards each batch effect acts on; a reissue batch takes the blocked cards of its batch, once. */
  private async cardsOfBatches(manager: EntityManager, incident: Incident, effects: CardEffect[]): Promise<[CardEffect, BreachCard[]][]> {
    const breach = new BreachCards(manager);
    const batchOf = (effect: CardEffect) => (effect.params as { batch: number }).batch;
    const blocks = effects.filter((e) => e.kind === 'blockCardBatch');
    const reissues = effects.filter((e) => e.kind === 'reissueCardBatch');
    const blockCards = blocks.length > 0 ? await breach.ofBlockBatches(incident.id, blocks.map(batchOf)) : new Map<number, BreachCard[]>();
    const reissueCards = reissues.length > 0 ? await breach.assignReissues(incident.id, reissues.map((e) => ({ id: e.id, batch: batchOf(e) }))) : new Map<string, BreachCard[]>();
    return [...blocks.map((e): [CardEffect, BreachCard[]] => [e, blockCards.get(batchOf(e)) ?? []]), ...reissues.map((e): [CardEffect, BreachCard[]] => [e, reissueCards.get(e.id) ?? []])];
  }

  private async append(manager: EntityManager, entries: Entry[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const [head] = await manager.query('SELECT hash FROM card_actions ORDER BY seq DESC LIMIT 1');
    let prevHash: string = head?.hash ?? GENESIS_HASH;
    const at = new Date();
    let writing: Promise<unknown> = Promise.resolve();
    for (let start = 0; start < entries.length; start += APPEND_CHUNK) {
      const rows = entries.slice(start, start + APPEND_CHUNK).map((entry) => {
        const content = { ...entry, id: randomUUID(), at };
        const hash = rowHash(prevHash, content);
        const row = { ...content, prevHash, hash };
        prevHash = hash;
        return row;
      });
      await writing;
      writing = insertRows(manager, rows);
    }
    await writing;
  }
}

const COLUMNS: [keyof CardActionEntity, string, string][] = [
  ['id', 'id', 'uuid'],
  ['at', 'at', 'timestamptz'],
  ['actor', 'actor', 'text'],
  ['origin', 'origin', 'text'],
  ['channel', 'channel', 'text'],
  ['action', 'action', 'text'],
  ['result', 'result', 'text'],
  ['cardRef', 'card_ref', 'text'],
  ['last4', 'last4', 'text'],
  ['customerRef', 'customer_ref', 'text'],
  ['incidentId', 'incident_id', 'uuid'],
  ['effectId', 'effect_id', 'uuid'],
  ['reason', 'reason', 'text'],
  ['failureReason', 'failure_reason', 'text'],
  ['coreRef', 'core_ref', 'text'],
  ['prevHash', 'prev_hash', 'text'],
  ['hash', 'hash', 'text'],
];
const INSERT_ROWS = `INSERT INTO card_actions (${COLUMNS.map(([, column]) => column).join(', ')})
  SELECT ${COLUMNS.map(([, column]) => column).join(', ')}
    FROM unnest(${COLUMNS.map(([, , type], i) => `$${i + 1}::${type}[]`).join(', ')}) WITH ORDINALITY AS r(${COLUMNS.map(([, column]) => column).join(', ')}, chain_order)
   ORDER BY chain_order`;

/** One statement for many rows; `seq` follows the chain because rows are inserted in chain order. */
async function insertRows(manager: EntityManager, rows: Omit<CardActionEntity, 'seq'>[]): Promise<void> {
  await manager.query(INSERT_ROWS, COLUMNS.map(([key]) => rows.map((row) => row[key as keyof typeof row])));
}

function batchEntry(incident: Incident, actor: Actor, effect: CardEffect, card: BatchCardLine): Entry {
  const action = BATCH_ACTION_OF[effect.kind as EffectKind]!;
  const reason = (effect.params as Partial<EffectParams['blockCardBatch']>).reason ?? incident.playbookId;
  const failureReason = card.result === 'failed' ? redactCardNumbers(card.failure ?? 'not confirmed by core banking') : null;
  return entry(incident, actor, effect, { ...card, action, reason }, card.result, { coreRef: card.coreRef ?? null, failureReason });
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
    customerRef: card.customerRef ?? incident.customerRef,
    incidentId: incident.id,
    effectId: effect.id,
    reason: card.reason,
    coreRef: answer.coreRef ?? null,
    failureReason: answer.failureReason ?? null,
  };
}
