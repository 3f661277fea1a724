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
import { CardAction, CardActionEntity, CardActionResult, chainedJson } from './card-action.entity.js';
import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import { AuditKeys } from './audit-keys.js';
import { reasonCode } from './reason-codes.js';
import { genesisOf, trailShard } from './hash-chain.js';

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

type Incident = Pick<IncidentEntity, 'id' | 'customerRef' | 'channel' | 'playbookId'> & Partial<Pick<IncidentEntity, 'openedBy'>>;
type Entry = Omit<CardActionEntity, 'seq' | 'id' | 'at' | 'shard' | 'prevHash' | 'hash' | 'keyId'>;
type CardOfEffect = { action: CardAction; cardRef: string | null; last4: string | null; reason: string; customerRef?: string };

/** Rows per INSERT: a breach's 100,000 requests go in a few statements, each prepared while the last one is written. */
const APPEND_CHUNK = 5000;

/** The effects that block, unblock or replace a card, and the action each one is on the trail. */
const CARD_ACTION_OF: Partial<Record<EffectKind, (params: { mode?: 'freeze' | 'block' }) => CardAction>> = {
  blockCard: (params) => params.mode ?? 'block',
  unblockCard: () => 'unblock',
  scheduleReissue: () => 'reissue',
  revokeWalletTokens: () => 'revoke-wallet-tokens',
  revokeAppSessions: () => 'revoke-app-sessions',
};

/** Operator events that are themselves evidence: how the caller proved who they are. */
const IDENTITY_CHECKS: Record<string, { method: string; result: 'succeeded' | 'failed' }> = {
  IDENTITY_VERIFIED: { method: 'security-questions', result: 'succeeded' },
  IDENTITY_FAILED: { method: 'security-questions', result: 'failed' },
  STRONG_VERIFICATION_PASSED: { method: 'strong-verification', result: 'succeeded' },
  STRONG_VERIFICATION_FAILED: { method: 'strong-verification', result: 'failed' },
};

/** Effects that act on a batch of a merchant breach's cards; the cards are rows of mass_compromise_cards. */
const BATCH_ACTION_OF: Partial<Record<EffectKind, CardAction>> = {
  blockCardBatch: 'block',
  reissueCardBatch: 'reissue',
};

/** The card action an effect carries, or null for effects that do not touch a card (notifications, timers). */
function cardActionOf(effect: CardEffect): { action: CardAction; cardRef: string | null; last4: string | null; reason: string | null } | null {
  const actionOf = CARD_ACTION_OF[effect.kind as EffectKind];
  if (!actionOf) return null;
  const params = effect.params as { cardRef?: string; last4?: string; reason?: string; mode?: 'freeze' | 'block' };
  return { action: actionOf(params), cardRef: params.cardRef ?? null, last4: params.last4 ?? null, reason: params.reason ?? null };
}

/** One change to an incident as the trail needs it: the operator's event (when one applied), the effects it asked for, the job it ended. */
export interface TrailChange {
  event?: { type: string; data: Record<string, unknown>; before: IncidentContext; after: IncidentContext };
  effects: CardEffect[];
  finished?: FinishedCardEffect | null;
}

type Evidence = { evidence: JsonObject; reasons: Map<string, string> };

/**
 * Appends to the card-action audit trail inside the caller's transaction, so a card action is on
 * the record exactly when the state change that asked for it (or reported it) is committed.
 * A transaction appends once, last: it then locks each chain it extends once, in chain order (so two
 * appends never deadlock), and never holds a chain while waiting for anything else.
 */
@Injectable()
export class CardActionTrail {
  constructor(private readonly keys: AuditKeys) {}

  /** Everything one change puts on the trail, in one append. */
  async recordChange(manager: EntityManager, incident: Incident, actor: Actor, change: TrailChange): Promise<void> {
    let evidence: Promise<Evidence> | undefined;
    const evidenceOf = () => (evidence ??= this.evidenceOf(manager, incident));
    const checks = change.event ? await this.operatorEntries(evidenceOf, incident, actor, change.event) : [];
    // The card actions an identity check allowed name it as their evidence.
    const identityCheck = (checks.find((e) => e.action === 'identity-check')?.evidence?.identityCheck as JsonObject | undefined) ?? null;
    const requested = await this.requestedEntries(manager, evidenceOf, incident, actor, change.effects, identityCheck);
    const outcome = change.finished ? await this.outcomeEntries(manager, incident, actor, change.finished) : [];
    await this.append(manager, [...checks, ...requested, ...outcome]);
  }

  /** A `requested` row for each card action among effects just written to the outbox. */
  async recordRequested(manager: EntityManager, incident: Incident, actor: Actor, effects: CardEffect[]): Promise<void> {
    await this.recordChange(manager, incident, actor, { effects });
  }

  /** Each card of a batch effect, with its own outcome, written with the card's change of status. */
  async recordBatchOutcomes(manager: EntityManager, incident: Incident, actor: Actor, effect: CardEffect, cards: BatchCardLine[]): Promise<void> {
    await this.append(manager, cards.map((card) => batchEntry(incident, actor, effect, card)));
  }

  private async requestedEntries(manager: EntityManager, evidenceOf: () => Promise<Evidence>, incident: Incident, actor: Actor, effects: CardEffect[], identityCheck: JsonObject | null): Promise<Entry[]> {
    const cards = effects.flatMap((effect) => {
      const card = cardActionOf(effect);
      return card ? [{ effect, card }] : [];
    });
    const entries: Entry[] = [];
    if (cards.length > 0) {
      const { evidence: before, reasons } = await evidenceOf();
      const evidence = identityCheck ? { ...before, identityCheck } : before;
      for (const { effect, card } of cards) {
        // A reissue or a revocation carries the reason its card was stopped for, never the playbook's name.
        const reason = card.reason ?? (card.cardRef && reasons.get(card.cardRef)) ?? reasons.get('*') ?? 'customer-request';
        entries.push(entry(incident, actor, effect, { ...card, reason }, 'requested', {}, evidence));
      }
    }
    for (const [effect, cards] of await this.cardsOfBatches(manager, incident, effects)) {
      entries.push(...cards.map((card) => batchEntry(incident, actor, effect, { ...card, result: 'requested' })));
    }
    return entries;
  }

  /** A `succeeded` row with core banking's reference, or a `failed` row with the reason, when a card action's job ends. */
  private async outcomeEntries(manager: EntityManager, incident: Incident, actor: Actor, effect: FinishedCardEffect): Promise<Entry[]> {
    const found = cardActionOf(effect);
    if (!found) return [];
    // The outcome rests on what the request did; it adds what core banking answered. Found through the
    // incident's index: the trail has no index on effect_id, and is millions of rows long.
    const [requested] = await manager.query(
      `SELECT reason, evidence FROM card_actions WHERE incident_id = $1 AND effect_id = $2 AND result = 'requested' ORDER BY seq LIMIT 1`,
      [incident.id, effect.id],
    );
    const card = { ...found, reason: found.reason ?? requested?.reason ?? 'customer-request' };
    const answered = typeof effect.result?.revoked === 'number' ? { revoked: effect.result.revoked } : {};
    const evidence = { ...(requested?.evidence ?? {}), ...answered };
    const coreRef = effect.result?.coreRef;
    return [
      effect.status === 'succeeded'
        ? entry(incident, actor, effect, card, 'succeeded', { coreRef: typeof coreRef === 'string' ? coreRef : null }, evidence)
        : entry(incident, actor, effect, card, 'failed', { failureReason: redactCardNumbers(effect.lastError ?? 'not confirmed by core banking') }, evidence),
    ];
  }

  /**
   * What an operator's event puts on the trail by itself: an identity check (method, result, operator), and a
   * card blocked out of band (by phone with card processing), with the reference they were given and who they spoke to.
   */
  private async operatorEntries(evidenceOf: () => Promise<Evidence>, incident: Incident, actor: Actor, event: NonNullable<TrailChange['event']>): Promise<Entry[]> {
    const check = IDENTITY_CHECKS[event.type];
    const entries: Entry[] = [];
    if (check) {
      const method = typeof event.data.method === 'string' ? event.data.method : check.method;
      const evidence = { identityCheck: { event: event.type, method, result: check.result === 'succeeded' ? 'passed' : 'failed', operator: actor.id } };
      entries.push(entry(incident, actor, null, { action: 'identity-check', cardRef: null, last4: null, reason: 'customer-request' }, check.result, {}, evidence));
    }
    if (event.type === 'BLOCKED_BY_CARD_PROCESSING') {
      const { evidence, reasons } = await evidenceOf();
      const wasFailed = new Set(event.before.cards.filter((c) => c.status === 'block_failed').map((c) => c.cardRef));
      const outOfBand = { channel: 'card-processing-by-phone', processingReference: String(event.data.reference ?? ''), spokeTo: typeof event.data.contact === 'string' ? event.data.contact : null, reportedBy: actor.id };
      for (const card of event.after.cards.filter((c) => wasFailed.has(c.cardRef) && c.status === 'blocked')) {
        const reason = reasons.get(card.cardRef) ?? reasons.get('*') ?? 'customer-request';
        const row = entry(incident, actor, null, { action: 'block', cardRef: card.cardRef, last4: card.last4, reason }, 'succeeded', { coreRef: outOfBand.processingReference }, { ...evidence, outOfBand });
        entries.push(row);
      }
    }
    return entries;
  }

  /**
   * The evidence every card action of an incident rests on: what opened it (the fraud engine or operator, the
   * breach) and the latest identity check; and the reason each card was stopped for, for the actions that follow.
   */
  private async evidenceOf(manager: EntityManager, incident: Incident): Promise<Evidence> {
    const rows: { action: string; card_ref: string | null; reason: string | null; evidence: JsonObject | null }[] = await manager.query(
      `SELECT action, card_ref, reason, evidence FROM card_actions WHERE incident_id = $1 AND (action = 'identity-check' OR (action IN ('block', 'freeze') AND result = 'requested')) ORDER BY seq`,
      [incident.id],
    );
    const reasons = new Map<string, string>();
    let identityCheck: JsonObject | null = null;
    for (const row of rows) {
      if (row.action === 'identity-check') identityCheck = (row.evidence?.identityCheck as JsonObject) ?? null;
      else if (row.reason) {
        if (row.card_ref) reasons.set(row.card_ref, row.reason);
        reasons.set('*', row.reason);
      }
    }
    const trigger = { openedBy: incident.openedBy ?? null, channel: incident.channel, playbook: incident.playbookId };
    return { evidence: { trigger, identityCheck }, reasons };
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

  /**
   * Links each entry to the head of its chain and inserts them all. The heads of the chains touched are locked
   * and read in one statement, in chain order, and each moves in the statement that inserts its rows.
   */
  private async append(manager: EntityManager, entries: Entry[]): Promise<void> {
    if (entries.length === 0) return;
    const sharded = entries.map((e) => ({ ...e, shard: trailShard(e.cardRef ?? e.incidentId) }));
    const shards = [...new Set(sharded.map((e) => e.shard))];
    const heads: { shard: number; hash: string | null }[] = await manager.query(
      'SELECT shard, hash FROM card_action_chain_heads WHERE shard = ANY($1::smallint[]) ORDER BY shard FOR NO KEY UPDATE',
      [shards],
    );
    const headOf = new Map(heads.map((h) => [h.shard, h.hash ?? genesisOf(h.shard)]));
    const at = new Date();
    const keyId = this.keys.currentKeyId;
    let writing: Promise<unknown> = Promise.resolve();
    for (let start = 0; start < sharded.length; start += APPEND_CHUNK) {
      const rows = sharded.slice(start, start + APPEND_CHUNK).map((entry) => {
        const content = { ...entry, id: randomUUID(), at };
        const prevHash = headOf.get(entry.shard)!;
        const hash = this.keys.link(keyId, prevHash, chainedJson(content))!;
        headOf.set(entry.shard, hash);
        return { ...content, keyId, prevHash, hash };
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
  ['reasonCode', 'reason_code', 'text'],
  ['evidence', 'evidence', 'jsonb'],
  ['failureReason', 'failure_reason', 'text'],
  ['coreRef', 'core_ref', 'text'],
  ['keyId', 'key_id', 'text'],
  ['shard', 'shard', 'smallint'],
  ['prevHash', 'prev_hash', 'text'],
  ['hash', 'hash', 'text'],
];
const HEADS = COLUMNS.length;
/** The rows, in chain order, and the heads of their chains moved to the last of them, in one statement. */
const INSERT_ROWS = `WITH inserted AS (
  INSERT INTO card_actions (${COLUMNS.map(([, column]) => column).join(', ')})
  SELECT ${COLUMNS.map(([, column]) => column).join(', ')}
    FROM unnest(${COLUMNS.map(([, , type], i) => `$${i + 1}::${type}[]`).join(', ')}) WITH ORDINALITY AS r(${COLUMNS.map(([, column]) => column).join(', ')}, chain_order)
   ORDER BY chain_order
  RETURNING shard, seq)
UPDATE card_action_chain_heads h
   SET hash = moved.hash, last_seq = i.last_seq, length = h.length + i.n
  FROM (SELECT shard, max(seq) AS last_seq, count(*) AS n FROM inserted GROUP BY shard) i
  JOIN unnest($${HEADS + 1}::smallint[], $${HEADS + 2}::text[]) AS moved(shard, hash) ON moved.shard = i.shard
 WHERE h.shard = i.shard`;

type Row = Omit<CardActionEntity, 'seq'>;

/** One statement for many rows; `seq` follows each chain because rows are inserted in chain order. */
async function insertRows(manager: EntityManager, rows: Row[]): Promise<void> {
  const heads = new Map<number, string>();
  for (const row of rows) heads.set(row.shard, row.hash);
  await manager.query(INSERT_ROWS, [...COLUMNS.map(([key]) => rows.map((row) => row[key as keyof Row])), [...heads.keys()], [...heads.values()]]);
}

function batchEntry(incident: Incident, actor: Actor, effect: CardEffect, card: BatchCardLine): Entry {
  const action = BATCH_ACTION_OF[effect.kind as EffectKind]!;
  // A breach's cards are stopped, and replaced, because their data was compromised.
  const reason = (effect.params as Partial<EffectParams['blockCardBatch']>).reason ?? 'compromised';
  const failureReason = card.result === 'failed' ? redactCardNumbers(card.failure ?? 'not confirmed by core banking') : null;
  const evidence = { trigger: { openedBy: incident.openedBy ?? null, channel: incident.channel, playbook: incident.playbookId, breach: true } };
  return entry(incident, actor, effect, { ...card, action, reason }, card.result, { coreRef: card.coreRef ?? null, failureReason }, evidence);
}

function entry(
  incident: Incident,
  actor: Actor,
  effect: CardEffect | null,
  card: CardOfEffect,
  result: CardActionResult,
  answer: Partial<Pick<Entry, 'coreRef' | 'failureReason'>> = {},
  evidence: JsonObject | null = null,
): Entry {
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
    effectId: effect?.id ?? null,
    reason: card.reason,
    reasonCode: reasonCode(card.reason),
    evidence,
    coreRef: answer.coreRef ?? null,
    failureReason: answer.failureReason ?? null,
  };
}
