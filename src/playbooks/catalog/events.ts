import type { Localized } from '../playbook.definition.js';
import type { FieldType } from './field-rules.js';
import { type BreachCounts, CONTACT_CHANNELS, type ContactChannel, type TransactionSummary } from './incident-context.js';

export type { FieldType } from './field-rules.js';

/** One input an event needs; the step shows it (src/playbooks/catalog/field-rules.ts) and the server checks answers by the same rules. */
export interface FieldSpec {
  name: string;
  label: Localized;
  type: FieldType;
  required: boolean;
  options?: readonly string[];
  /** The options are facts listed when the step is shown: the incident's loaded payments, or the bank's branches (free text while core banking does not answer). */
  optionsFrom?: 'transactions' | 'branches';
  /** Each option as the operator reads it; the address on file is shown with the address core banking holds. */
  optionLabels?: Readonly<Record<string, Localized>>;
  /** Needed only while the other answers are these, e.g. `{ delivery: 'address' }`. */
  requiredWhen?: Readonly<Record<string, string>>;
  /** A datetime the bank must be able to keep: in the future, within contact hours in the customer's time zone. */
  bounds?: 'future' | 'contactHours';
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

/** A field as written in the catalog: its name, type, options and `required` stay literal, so the event's data type follows from them. */
interface TypedField<N extends string, T extends FieldType, R extends boolean, O extends readonly string[]> extends FieldSpec {
  name: N;
  type: T;
  required: R;
  options?: O;
}

const field = <const N extends string, const T extends FieldType, const R extends boolean = false, const O extends readonly string[] = readonly string[]>(
  name: N,
  type: T,
  en: string,
  ru: string,
  extra: { required?: R; options?: O; default?: string | number | boolean } & Pick<FieldSpec, 'optionsFrom' | 'optionLabels' | 'requiredWhen' | 'bounds'> = {},
): TypedField<N, T, R, O> => ({ name, type, label: { en, ru }, ...extra, required: (extra.required ?? false) as R });

/** An operator event: its data is typed from its fields. */
interface OperatorSpec<F extends readonly FieldSpec[]> extends EventSpec {
  source: 'operator';
  fields: [...F];
}
/** A job report: its data is typed by the job that sends it (`P` is never read at run time). */
interface JobSpec<P> extends EventSpec {
  source: 'job';
  fields: [];
  readonly payload?: P;
}

const operator = <const F extends readonly FieldSpec[]>(...fields: F): OperatorSpec<F> => ({ source: 'operator', fields: [...fields] });
const job = <P extends object = Record<string, never>>(): JobSpec<P> => ({ source: 'job', fields: [] });
const aftercare = <S extends EventSpec>(spec: S): S & { aftercare: true } => ({ ...spec, aftercare: true });

/** What a card job reports: the card, core banking's reference and when. */
type CardReport = { cardRef: string; coreRef: string };
/** What a job that gave up reports: the card or batch it was about, and why. */
type GivenUp = { cardRef?: string; batch?: number; reason: string };

const CATALOG = {
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
    field('disputed', 'multichoice', 'Payments the customer does not recognise', 'Платежи, которые клиент не совершал', { optionsFrom: 'transactions' }),
  ),
  EMERGENCY_ASSESSED: operator(
    field('travelling', 'boolean', 'Customer is travelling', 'Клиент в поездке', { required: true, default: false }),
    field('emergencyCash', 'boolean', 'Customer needs emergency cash', 'Нужны экстренные наличные', { default: false }),
  ),
  REISSUE_REQUESTED: operator(
    field('delivery', 'choice', 'Deliver the new cards to', 'Куда доставить новые карты', {
      required: true,
      options: ['address', 'branch', 'addressOnFile'],
      optionLabels: {
        address: { en: 'A one-time address', ru: 'Разовый адрес' },
        branch: { en: 'A branch, to pick up', ru: 'Отделение банка, забрать лично' },
        addressOnFile: { en: 'The address on file', ru: 'Адрес, известный банку' },
      },
    }),
    field('address', 'text', 'Delivery address', 'Адрес доставки', { requiredWhen: { delivery: 'address' } }),
    field('branchId', 'text', 'Branch', 'Отделение', { requiredWhen: { delivery: 'branch' }, optionsFrom: 'branches' }),
  ),
  REISSUE_DECLINED: operator(),
  CALLBACK_SCHEDULED: operator(
    field('at', 'datetime', 'Call back at', 'Перезвонить в', { required: true, bounds: 'contactHours' }),
    field('contactChannel', 'choice', 'How the customer wants to hear from us', 'Как клиенту удобнее получать новости', {
      options: CONTACT_CHANNELS,
    }),
  ),
  CALLBACK_DECLINED: operator(),
  /** The customer asks for another time: the promise moves, and the old time is no longer watched or called. */
  CALLBACK_RESCHEDULED: operator(
    field('at', 'datetime', 'Call back at', 'Перезвонить в', { required: true, bounds: 'contactHours' }),
    field('contactChannel', 'choice', 'How the customer wants to hear from us', 'Как клиенту удобнее получать новости', {
      options: CONTACT_CHANNELS,
    }),
  ),
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
    field('at', 'datetime', 'Call back at', 'Перезвонить в', { required: true, bounds: 'contactHours' }),
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

  // Ways out, accepted by every playbook (src/playbooks/ways-out.ts).
  CANCEL: operator(field('reason', 'text', 'Why the incident is cancelled', 'Почему обращение отменяется', { required: true })),
  CALL_DROPPED: operator(),

  // A merchant breach: the risk team moves on once every batch of a stage has reported.
  REISSUES_CONFIRMED: operator(),
  NOTICES_CONFIRMED: operator(),

  CARD_BLOCKED: job<CardReport & { blockedAt: string }>(),
  CARD_BLOCK_FAILED: job<GivenUp>(),
  CARD_FROZEN: job<CardReport & { blockedAt: string }>(),
  CARD_FREEZE_FAILED: job<GivenUp>(),
  CARD_UNFROZEN: job<CardReport & { unfrozenAt: string }>(),
  CARD_UNFREEZE_FAILED: job<GivenUp>(),
  SESSIONS_REVOKED: job<{ revoked: number; coreRef: string; revokedAt: string }>(),
  SESSIONS_REVOKE_FAILED: job<GivenUp>(),
  WALLET_TOKENS_REVOKED: job<CardReport & { revoked: number; revokedAt: string }>(),
  WALLET_TOKENS_REVOKE_FAILED: job<GivenUp>(),
  REISSUE_ORDERED: job<CardReport & { newLast4: string; eta: string }>(),
  REISSUE_FAILED: job<GivenUp>(),
  TRANSACTIONS_LOADED: job<{ transactions: TransactionSummary[] }>(),
  TRANSACTIONS_UNAVAILABLE: job<GivenUp>(),
  EMERGENCY_CASH_ORDERED: job<{ coreRef: string; readyAt: string; amount: number; currency: string }>(),
  EMERGENCY_CASH_FAILED: job<GivenUp>(),
  CALLBACK_DUE: job<{ at?: string; contactChannel?: ContactChannel; reason?: string }>(),
  CUSTOMER_NOTIFIED: job<{ template: string; channel: ContactChannel }>(),
  NOTIFICATION_FAILED: job<GivenUp>(),
  CARD_BATCH_BLOCKED: job<{ batch: number; blocked: number; failed: number }>(),
  CARD_BATCH_BLOCK_FAILED: job<GivenUp>(),
  CARD_BATCH_REISSUED: job<{ batch: number; ordered: number; failed: number }>(),
  CARD_BATCH_REISSUE_FAILED: job<GivenUp>(),
  CUSTOMER_BATCH_NOTIFIED: job<{ batch: number; customers: number; sent: number }>(),
  CUSTOMER_BATCH_NOTIFY_FAILED: job<GivenUp>(),
  // Handled by the engine in every playbook (src/playbooks/card-merge.ts), never named in a playbook file.
  /** A trigger that deduplicated onto this incident named cards it did not have; the actor is that trigger. */
  CARDS_ADDED: job<{ cards: { cardRef: string; last4: string; product?: string }[]; breach?: BreachCounts }>(),
  /** Core banking answered again after an outage at open: the customer's cards as it lists them. */
  CARDS_RECONCILED: job<{ cards: { cardRef: string; last4: string; product: string; status: string }[] }>(),
  /** Still no answer: `retryAt` is when core banking is asked again. */
  CARDS_RECONCILE_FAILED: job<GivenUp & { retryAt: string }>(),

  // Sent by core banking (or an operator) when a promise made during the incident is kept.
  REISSUE_DELIVERED: aftercare(operator(field('cardRef', 'text', 'Card the new one replaces', 'Карта, вместо которой выпущена новая', { required: true }))),
  EMERGENCY_CASH_COLLECTED: aftercare(operator(field('reference', 'text', 'Emergency cash order reference', 'Номер заказа экстренных наличных', { required: true }))),
  REFUND_DECIDED: aftercare(
    operator(
      field('transactionIds', 'text', 'Disputed transactions decided (ids, comma-separated)', 'Оспоренные операции, по которым принято решение (номера через запятую)', { required: true }),
      field('decision', 'choice', 'Decision', 'Решение', { required: true, options: ['refunded', 'declined'] }),
    ),
  ),
  COMMITMENT_CHECKED: aftercare(job<{ commitmentId: string; kind: string; verdict: 'kept' | 'broken' | 'withdrawn'; channel?: ContactChannel }>()),
  COMMITMENT_CHECK_FAILED: aftercare(job<GivenUp>()),
  FOLLOW_UP_SENT: aftercare(job<{ channel: ContactChannel }>()),
  FOLLOW_UP_FAILED: aftercare(job<GivenUp>()),
  // Recorded by Lifeline itself when the customer answers the follow-up, or a supervisor takes up an alert (their own routes).
  FEEDBACK_RECORDED: aftercare(job<{ score: number; comment: string | null }>()),
  ALERT_ACKNOWLEDGED: aftercare(job<{ alertId: string; commitmentId: string | null }>()),
  /** The untouched-incident watcher looked: `untouched` raised a supervisor alert; the next look is at `nextCheckAt` while the incident is open. */
  UNTOUCHED_CHECKED: aftercare(job<{ verdict: 'touched' | 'untouched' | 'closed' | 'given_up'; nextCheckAt?: string }>()),
} satisfies Record<string, EventSpec>;

/** Every event a playbook, an operator or a job can send: a misspelt one fails `tsc`. */
export type EventName = keyof typeof CATALOG;
export const EVENTS: Readonly<Record<EventName, EventSpec>> = CATALOG;
export const EVENT_NAMES = Object.keys(CATALOG) as EventName[];

type FieldValue<F> = F extends { type: 'choice'; options?: readonly (infer O)[] }
  ? O
  : F extends { type: 'multichoice' }
    ? string[]
    : F extends { type: 'boolean' }
    ? boolean
    : F extends { type: 'number' }
      ? number
      : string;
type FieldsData<F extends readonly FieldSpec[]> = { [X in F[number] as X extends { required: true } ? X['name'] : never]: FieldValue<X> } & {
  [X in F[number] as X extends { required: true } ? never : X['name']]?: FieldValue<X>;
};

/** The data an event carries, derived from the catalog: an operator event's fields, or what its job reports. */
export type EventData<E extends EventName> = (typeof CATALOG)[E] extends JobSpec<infer P> ? P : (typeof CATALOG)[E] extends OperatorSpec<infer F> ? FieldsData<F> : never;

/** One event as code sends it: the name and its data, checked together. */
export type EventInput = { [E in EventName]: { type: E; data: EventData<E> } }[EventName];

export function isEventName(type: string): type is EventName {
  return Object.hasOwn(CATALOG, type);
}

/** Events the engine handles itself in every playbook: they change the incident's cards, never its step. */
export const CARD_LIST_EVENTS: ReadonlySet<string> = new Set<EventName>(['CARDS_ADDED', 'CARDS_RECONCILED', 'CARDS_RECONCILE_FAILED']);

/** Job reports that mean the customer's money is protected: the first one sets `first_protective_action_at`. */
export const PROTECTIVE_EVENTS: ReadonlySet<string> = new Set<EventName>(['CARD_BLOCKED', 'CARD_FROZEN', 'SESSIONS_REVOKED', 'WALLET_TOKENS_REVOKED', 'CARD_BATCH_BLOCKED']);

/** The spec of an event named in a request or a playbook file, or undefined when there is no such event. */
export function eventSpec(type: string): EventSpec | undefined {
  return isEventName(type) ? EVENTS[type] : undefined;
}
