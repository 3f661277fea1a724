import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '../common/json.js';
import { canonicalJson } from '../playbooks/playbook.compiler.js';

export const CARD_ACTIONS = ['block', 'freeze', 'unblock', 'reissue', 'revoke-wallet-tokens', 'revoke-app-sessions', 'identity-check'] as const;
export type CardAction = (typeof CARD_ACTIONS)[number];
export const CARD_ACTION_RESULTS = ['requested', 'succeeded', 'failed'] as const;
export type CardActionResult = (typeof CARD_ACTION_RESULTS)[number];

/**
 * One line of the card-action audit trail: who did what to which card, when, from where and why,
 * and what core banking answered. Append-only and hash-chained; the card is named by ref and last 4 only.
 */
@Entity('card_actions')
export class CardActionEntity {
  /** Chain order; pg hands bigints back as strings. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq: string;

  @Column('uuid')
  id: string;

  @Column('timestamptz')
  at: Date;

  /** The token's subject, or the system id of Lifeline's worker. */
  @Column('text')
  actor: string;

  /** Client address for API calls, or the system name. */
  @Column('text')
  origin: string;

  /** The incident's channel: phone, chat, branch or api. */
  @Column('text')
  channel: string;

  @Column('text')
  action: CardAction;

  @Column('text')
  result: CardActionResult;

  /** Null for an action on no card: an identity check, an app-session revocation. */
  @Column('text', { name: 'card_ref', nullable: true })
  cardRef: string | null;

  @Column('text', { nullable: true })
  last4: string | null;

  @Column('text', { name: 'customer_ref' })
  customerRef: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId: string;

  /** The outbox effect that carries the action; requested and outcome rows share it. */
  @Column('uuid', { name: 'effect_id', nullable: true })
  effectId: string | null;

  /** Why: the reason core banking was given (stolen, lost, compromised), or the playbook that asked. */
  @Column('text', { nullable: true })
  reason: string | null;

  /** The standard reason code (see reason-codes.ts); null on rows from before codes were recorded. */
  @Column('text', { name: 'reason_code', nullable: true })
  reasonCode: string | null;

  /** What the action rests on: the identity check, the trigger, an out-of-band report; null on older rows. */
  @Column('jsonb', { nullable: true })
  evidence: JsonObject | null;

  @Column('text', { name: 'failure_reason', nullable: true })
  failureReason: string | null;

  /** Core banking's reference for the operation, on succeeded rows. */
  @Column('text', { name: 'core_ref', nullable: true })
  coreRef: string | null;

  /** The AUDIT_KEYS id whose HMAC links this row; null on rows linked by plain SHA-256 before keys came in. */
  @Column('text', { name: 'key_id', nullable: true })
  keyId: string | null;

  /** Which of the trail's chains the row is on (see TRAIL_SHARDS); not in its content, but bound by the chain's own genesis. */
  @Column('smallint')
  shard: number;

  @Column('text', { name: 'prev_hash' })
  prevHash: string;

  @Column('text')
  hash: string;
}

/** A row's content as its link covers it; rows from before reason codes and evidence may lack them. */
export type ChainedRow = Omit<CardActionEntity, 'seq' | 'shard' | 'prevHash' | 'hash' | 'keyId' | 'reasonCode' | 'evidence'> &
  Partial<Pick<CardActionEntity, 'reasonCode' | 'evidence'>>;

/** What a row's hash covers: everything it says, except its place in the chain (the hashes link that). */
export function chainedContent(row: ChainedRow): Record<string, unknown> {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    origin: row.origin,
    channel: row.channel,
    action: row.action,
    result: row.result,
    cardRef: row.cardRef,
    last4: row.last4,
    customerRef: row.customerRef,
    incidentId: row.incidentId,
    effectId: row.effectId,
    reason: row.reason,
    failureReason: row.failureReason,
    coreRef: row.coreRef,
    // Absent, not null, on rows from before they existed, so those rows keep the hash they were written with.
    reasonCode: row.reasonCode ?? undefined,
    evidence: row.evidence ?? undefined,
  };
}

const CHAINED_KEYS = Object.keys(chainedContent({ at: new Date(0) } as CardActionEntity)).sort();

/**
 * `canonicalJson(chainedContent(row))`, written out key by key: the same bytes, several times faster,
 * because a merchant breach puts hundreds of thousands of rows on the trail.
 */
export function chainedJson(row: ChainedRow): string {
  const content = chainedContent(row);
  const fields: string[] = [];
  for (const key of CHAINED_KEYS) if (content[key] !== undefined) fields.push(`"${key}":${key === 'evidence' ? canonicalJson(content[key]) : JSON.stringify(content[key])}`);
  return `{${fields.join(',')}}`;
}
