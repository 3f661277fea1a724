import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CARD_ACTIONS = ['block', 'freeze', 'unblock', 'reissue'] as const;
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

  @Column('text', { name: 'card_ref' })
  cardRef: string;

  @Column('text')
  last4: string;

  @Column('text', { name: 'customer_ref' })
  customerRef: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId: string;

  /** The outbox effect that carries the action; requested and outcome rows share it. */
  @Column('uuid', { name: 'effect_id' })
  effectId: string;

  /** Why: the reason core banking was given (stolen, lost, compromised), or the playbook that asked. */
  @Column('text', { nullable: true })
  reason: string | null;

  @Column('text', { name: 'failure_reason', nullable: true })
  failureReason: string | null;

  /** Core banking's reference for the operation, on succeeded rows. */
  @Column('text', { name: 'core_ref', nullable: true })
  coreRef: string | null;

  /** The AUDIT_KEYS id whose HMAC links this row; null on rows linked by plain SHA-256 before keys came in. */
  @Column('text', { name: 'key_id', nullable: true })
  keyId: string | null;

  @Column('text', { name: 'prev_hash' })
  prevHash: string;

  @Column('text')
  hash: string;
}

/** What a row's hash covers: everything it says, except its place in the chain (the hashes link that). */
export function chainedContent(row: Omit<CardActionEntity, 'seq' | 'prevHash' | 'hash' | 'keyId'>): Record<string, unknown> {
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
  };
}

const CHAINED_KEYS = Object.keys(chainedContent({ at: new Date(0) } as CardActionEntity)).sort();

/**
 * `canonicalJson(chainedContent(row))`, written out key by key: the same bytes, several times faster,
 * because a merchant breach puts hundreds of thousands of rows on the trail.
 */
export function chainedJson(row: Omit<CardActionEntity, 'seq' | 'prevHash' | 'hash' | 'keyId'>): string {
  const content = chainedContent(row);
  const fields: string[] = [];
  for (const key of CHAINED_KEYS) if (content[key] !== undefined) fields.push(`"${key}":${JSON.stringify(content[key])}`);
  return `{${fields.join(',')}}`;
}
