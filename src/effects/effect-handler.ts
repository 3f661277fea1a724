import type { EffectKind, EffectParams } from '../playbooks/catalog/effects.js';
import type { EventData, EventInput, EventName } from '../playbooks/catalog/events.js';
import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import type { Locale } from '../playbooks/playbook.definition.js';
import type { EffectEntity } from './effect.entity.js';
import type { QueueName } from './queue-name.js';

/** An outbox row with its params typed by its kind. */
export type Effect<K extends EffectKind = EffectKind> = Omit<EffectEntity, 'kind' | 'params'> & { kind: K; params: EffectParams[K] };

/** What the operator is told about an effect Lifeline gave up on. */
export interface AttentionWords {
  failed: string;
  say: string;
  do: string;
}

/** An effect's line among the commitments read to the customer: what is done or under way. */
export interface UnderWay {
  what: string;
  dueBy: string | null;
  owner: string;
  channel: string;
  status: 'in_progress' | 'done' | 'failed';
}

/** How its reports read in the timeline, per event, in each language. */
export type TimelineLines = { [E in EventName]?: Record<Locale, (data: EventData<E>) => string> };

/**
 * Everything about one effect kind, in the module that owns it: its queue, how it runs, the
 * events its results become, and its words. `effects/` runs handlers and knows no kind.
 * (Methods, not function properties: a handler of one kind is a handler.)
 */
export interface EffectHandler<K extends EffectKind = EffectKind> {
  readonly kind: K;
  readonly queue: QueueName;
  /** Runs the effect once; whatever it asks of an outside party carries `effect.id` as the idempotency key. Returns its report to the incident. */
  execute(effect: Effect<K>): Promise<EventInput>;
  /** The report when Lifeline gives up; settles first whatever the effect left waiting. */
  giveUp(effect: Effect<K>, reason: string): Promise<EventInput>;
  /**
   * Plain words about a given-up effect; without them the operator is not asked to act. `say` and `do` speak
   * for the situation as the context has it now (every card still failed, not only this one), never for the step.
   */
  attention?(params: EffectParams[K], reason: string, locale: Locale, context: IncidentContext): AttentionWords;
  /** How grave its failure is, lower first: when several stand, the operator hears the gravest (money at risk first). */
  readonly urgency?: number;
  /** A given-up effect whose problem was solved another way (a card blocked by phone) needs no attention. */
  settled?(params: EffectParams[K], context: IncidentContext): boolean;
  /** Timeline lines of its reports whose words are its own (a message's title); the others read by the timeline's table. */
  readonly timeline?: TimelineLines;
  /** Its line among the commitments; none for what is not read to the customer. */
  underWay?(effect: Effect<K>, context: IncidentContext, locale: Locale): UnderWay | null;
}

/** How a finished, failed or running effect reads in the commitments. */
export function progressOf(effect: Pick<EffectEntity, 'status'>): UnderWay['status'] {
  return effect.status === 'dead' ? 'failed' : effect.status === 'succeeded' ? 'done' : 'in_progress';
}

/** The usual report of a given-up effect: the card or batch it was about, and why. */
export function givenUp(
  type:
    | 'CARD_BLOCK_FAILED'
    | 'CARD_FREEZE_FAILED'
    | 'CARD_UNFREEZE_FAILED'
    | 'SESSIONS_REVOKE_FAILED'
    | 'WALLET_TOKENS_REVOKE_FAILED'
    | 'REISSUE_FAILED'
    | 'TRANSACTIONS_UNAVAILABLE'
    | 'EMERGENCY_CASH_FAILED'
    | 'NOTIFICATION_FAILED'
    | 'COMMITMENT_CHECK_FAILED'
    | 'FOLLOW_UP_FAILED'
    | 'CARD_BATCH_BLOCK_FAILED'
    | 'CARD_BATCH_REISSUE_FAILED'
    | 'CUSTOMER_BATCH_NOTIFY_FAILED',
  effect: Effect,
  reason: string,
): EventInput {
  const params = effect.params as { cardRef?: string; batch?: number };
  return { type, data: { cardRef: params.cardRef, batch: params.batch, reason } };
}
