import type { Localized } from '../playbook.definition.js';
import { CONTACT_CHANNELS } from './incident-context.js';

export type FieldType = 'text' | 'choice' | 'datetime' | 'boolean' | 'number';

/** One input an event needs; the console renders the form from this and we validate against it. */
export interface FieldSpec {
  name: string;
  label: Localized;
  type: FieldType;
  required: boolean;
  options?: readonly string[];
  default?: string | number | boolean;
}

export interface EventSpec {
  /** `operator` events come over the API; `job` events only from Lifeline's own workers. */
  source: 'operator' | 'job';
  fields: FieldSpec[];
  /**
   * About keeping the bank's word after the call (a card delivered, a refund decided, a promise checked,
   * the follow-up): never handled by a playbook, accepted open or resolved, never moves the step.
   */
  aftercare?: true;
}

const field = (name: string, type: FieldType, en: string, ru: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type,
  label: { en, ru },
  required: false,
  ...extra,
});

const operator = (...fields: FieldSpec[]): EventSpec => ({ source: 'operator', fields });
const job: EventSpec = { source: 'job', fields: [] };
const aftercare = (spec: EventSpec): EventSpec => ({ ...spec, aftercare: true });

export const EVENTS: Record<string, EventSpec> = {
  CUSTOMER_READY: operator(),
  CUSTOMER_MOOD: operator(
    field('mood', 'choice', 'How the customer sounds', 'Состояние клиента', {
      required: true,
      options: ['calm', 'panicked', 'angry', 'confused'],
    }),
  ),
  IDENTITY_VERIFIED: operator(),
  IDENTITY_FAILED: operator(),
  PROTECTIVE_BLOCK_AGREED: operator(),
  BLOCKS_CONFIRMED: operator(),
  BLOCK_RETRY_REQUESTED: operator(),
  BLOCKED_BY_CARD_PROCESSING: operator(
    field('reference', 'text', 'Reference given by card processing', 'Номер обращения в процессинге', { required: true }),
    field('contact', 'text', 'Who you spoke to at card processing', 'С кем вы говорили в процессинге'),
  ),
  TRANSACTIONS_REVIEWED: operator(
    field('disputed', 'text', 'Transactions the customer does not recognise (ids, comma-separated)', 'Операции, которые клиент не совершал (номера через запятую)'),
  ),
  EMERGENCY_ASSESSED: operator(
    field('travelling', 'boolean', 'Customer is travelling', 'Клиент в поездке', { required: true, default: false }),
    field('emergencyCash', 'boolean', 'Customer needs emergency cash', 'Нужны экстренные наличные', { default: false }),
  ),
  REISSUE_REQUESTED: operator(
    field('delivery', 'choice', 'Deliver the new cards to', 'Куда доставить новые карты', {
      required: true,
      options: ['address', 'branch'],
    }),
    field('address', 'text', 'Delivery address', 'Адрес доставки'),
    field('branchId', 'text', 'Branch', 'Отделение'),
  ),
  REISSUE_DECLINED: operator(),
  CALLBACK_SCHEDULED: operator(
    field('at', 'datetime', 'Call back at', 'Перезвонить в', { required: true }),
    field('contactChannel', 'choice', 'How the customer wants to hear from us', 'Как клиенту удобнее получать новости', {
      options: CONTACT_CHANNELS,
    }),
  ),
  CALLBACK_DECLINED: operator(),
  CALL_ENDED: operator(),
  CALLBACK_STARTED: operator(),
  CALLBACK_COMPLETED: operator(),
  CUSTOMER_UNREACHABLE: operator(),
  CUSTOMER_CALL_TAKEN: operator(),

  FREEZE_CONFIRMED: operator(),
  FREEZE_RETRY_REQUESTED: operator(),
  PERMANENT_BLOCK_REQUESTED: operator(),
  CARD_FOUND: operator(),
  CARD_NOT_FOUND: operator(),
  STILL_SEARCHING: operator(
    field('at', 'datetime', 'Call back at', 'Перезвонить в', { required: true }),
    field('contactChannel', 'choice', 'How the customer wants to hear from us', 'Как клиенту удобнее получать новости', {
      options: CONTACT_CHANNELS,
    }),
  ),
  STRONG_VERIFICATION_PASSED: operator(
    field('method', 'choice', 'How the customer proved it is them', 'Как клиент подтвердил личность', {
      required: true,
      options: ['one-time-code', 'app-confirmation', 'video-call'],
    }),
  ),
  STRONG_VERIFICATION_FAILED: operator(),
  UNFREEZE_CONFIRMED: operator(),
  UNFREEZE_RETRY_REQUESTED: operator(),

  PROTECTION_CONFIRMED: operator(),
  PROTECTION_RETRY_REQUESTED: operator(),
  SECURED_BY_DIGITAL_DESK: operator(
    field('reference', 'text', 'Reference given by the digital banking desk', 'Номер обращения в службе дистанционного банкинга', { required: true }),
  ),
  ACCOUNTS_SECURED: operator(
    field('simBlocked', 'boolean', 'SIM card blocked with the mobile operator', 'Сим-карта заблокирована у оператора связи', { default: false }),
    field('emailPasswordChanged', 'boolean', 'E-mail password changed', 'Пароль от электронной почты изменён', { default: false }),
    field('phoneErased', 'boolean', 'Phone erased remotely', 'Телефон удалённо очищен', { default: false }),
    // Never the stolen phone: no SMS, push or call to it.
    field('contactChannel', 'choice', 'Where to send the summary', 'Куда прислать сводку', {
      required: true,
      options: ['email', 'messenger'],
      default: 'email',
    }),
  ),

  // A merchant breach: the risk team moves on once every batch of a stage has reported.
  REISSUES_CONFIRMED: operator(),
  NOTICES_CONFIRMED: operator(),

  CARD_BLOCKED: job,
  CARD_BLOCK_FAILED: job,
  CARD_FROZEN: job,
  CARD_FREEZE_FAILED: job,
  CARD_UNFROZEN: job,
  CARD_UNFREEZE_FAILED: job,
  SESSIONS_REVOKED: job,
  SESSIONS_REVOKE_FAILED: job,
  WALLET_TOKENS_REVOKED: job,
  WALLET_TOKENS_REVOKE_FAILED: job,
  REISSUE_ORDERED: job,
  REISSUE_FAILED: job,
  TRANSACTIONS_LOADED: job,
  TRANSACTIONS_UNAVAILABLE: job,
  CALLBACK_DUE: job,
  CUSTOMER_NOTIFIED: job,
  NOTIFICATION_FAILED: job,
  CARD_BATCH_BLOCKED: job,
  CARD_BATCH_BLOCK_FAILED: job,
  CARD_BATCH_REISSUED: job,
  CARD_BATCH_REISSUE_FAILED: job,
  CUSTOMER_BATCH_NOTIFIED: job,
  CUSTOMER_BATCH_NOTIFY_FAILED: job,

  // Sent by core banking (or an operator) when a promise made during the incident is kept.
  REISSUE_DELIVERED: aftercare(operator(field('cardRef', 'text', 'Card the new one replaces', 'Карта, вместо которой выпущена новая', { required: true }))),
  REFUND_DECIDED: aftercare(
    operator(
      field('transactionIds', 'text', 'Disputed transactions decided (ids, comma-separated)', 'Оспоренные операции, по которым принято решение (номера через запятую)', { required: true }),
      field('decision', 'choice', 'Decision', 'Решение', { required: true, options: ['refunded', 'declined'] }),
    ),
  ),
  COMMITMENT_CHECKED: aftercare(job),
  COMMITMENT_CHECK_FAILED: aftercare(job),
  FOLLOW_UP_SENT: aftercare(job),
  FOLLOW_UP_FAILED: aftercare(job),
};

/** Job reports that mean the customer's money is protected: the first one sets `first_protective_action_at`. */
export const PROTECTIVE_EVENTS: ReadonlySet<string> = new Set(['CARD_BLOCKED', 'CARD_FROZEN', 'SESSIONS_REVOKED', 'WALLET_TOKENS_REVOKED', 'CARD_BATCH_BLOCKED']);
