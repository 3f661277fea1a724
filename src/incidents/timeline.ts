import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import type { Locale, PlaybookDefinition } from '../playbooks/playbook.definition.js';
import { UNREACHABLE_STATE } from '../playbooks/ways-out.js';
import type { EffectHandlers } from '../effects/effect-handlers.js';
import type { IncidentEventEntity } from './incident-event.entity.js';
import { formatTime } from '../playbooks/guidance.js';
import { failureWords } from '../playbooks/words/reasons.js';
import { cardCount, channelWords } from '../playbooks/words/spoken.js';

type Data = Record<string, unknown>;
type Summary = (data: Data, card: string, time: (iso: unknown) => string) => string;

/** The promise a commitment check is about, by kind. */
const PROMISE: Record<string, Record<Locale, string>> = {
  callback: { en: 'the callback', ru: 'обратный звонок' },
  reissue: { en: 'the new card', ru: 'новая карта' },
  refund_decision: { en: 'the decision on a disputed payment', ru: 'решение по оспоренной операции' },
  emergency_cash: { en: 'the emergency cash', ru: 'экстренные наличные' },
};

/** How the incident came in, in Russian words (the English view keeps the channel's name). */
const OPENED_BY: Record<string, string> = { phone: 'звонок', chat: 'чат', branch: 'отделение', api: 'автоматически' };

const SUMMARIES: Record<string, Record<Locale, Summary>> = {
  INCIDENT_OPENED: {
    en: (d) => `Incident opened (${d.channel}) for ${d.cardCount} card(s)${openedFlags(d, 'en')}`,
    ru: (d) => `Инцидент открыт (${OPENED_BY[String(d.channel)] ?? 'обращение'}), ${cardCount(Number(d.cardCount), 'ru').replace(/карту$/, 'карта')}${openedFlags(d, 'ru')}`,
  },
  CARDS_ADDED: {
    en: (d) => `${d.count} card(s) added to the open incident${addedLast4s(d, 'en')}${d.unconfirmed ? ' (not yet confirmed by core banking)' : ''}`,
    ru: (d) => `К открытому инциденту добавлено карт: ${d.count}${addedLast4s(d, 'ru')}${d.unconfirmed ? ' (банковская система пока не подтвердила)' : ''}`,
  },
  CARDS_RECONCILED: { en: () => "Core banking answered with the customer's cards; they are reconciled", ru: () => 'Банковская система прислала список карт клиента, карты сверены' },
  CARDS_RECONCILE_FAILED: {
    en: (d) => `Core banking still does not list the customer's cards: ${d.reason}`,
    ru: (d) => `Банковская система всё ещё не отвечает со списком карт клиента: ${failureWords(String(d.reason), 'ru')}`,
  },
  INCIDENT_ASSIGNED: {
    en: (d) => (d.operator === d.by ? `Taken by ${d.operator}` : `Assigned to ${d.operator} by ${d.by}`),
    ru: (d) => (d.operator === d.by ? `Взят в работу: ${d.operator}` : `Назначен на ${d.operator} (назначил ${d.by})`),
  },
  CARD_BLOCKED: { en: (_, c) => `Card ${c} blocked at core banking`, ru: (_, c) => `Карта ${c} заблокирована` },
  CARD_BLOCK_FAILED: {
    en: (d, c) => `Core banking did not confirm the block of the card ${c}: ${d.reason}`,
    ru: (d, c) => `Процессинг не подтвердил блокировку карты ${c}: ${failureWords(String(d.reason), 'ru')}`,
  },
  CARD_FROZEN: { en: (_, c) => `Card ${c} frozen at core banking`, ru: (_, c) => `Карта ${c} заморожена` },
  CARD_FREEZE_FAILED: {
    en: (d, c) => `Core banking did not confirm the freeze of the card ${c}: ${d.reason}`,
    ru: (d, c) => `Процессинг не подтвердил заморозку карты ${c}: ${failureWords(String(d.reason), 'ru')}`,
  },
  CARD_UNFROZEN: { en: (_, c) => `Card ${c} switched back on at core banking`, ru: (_, c) => `Карта ${c} разморожена` },
  CARD_UNFREEZE_FAILED: {
    en: (d, c) => `Core banking did not switch the card ${c} back on: ${d.reason}`,
    ru: (d, c) => `Процессинг не разморозил карту ${c}: ${failureWords(String(d.reason), 'ru')}`,
  },
  SESSIONS_REVOKED: {
    en: (d) => `Signed out of the mobile app on every device (${d.revoked} session(s))`,
    ru: (d) => `Выполнен выход из мобильного приложения на всех устройствах (сеансов: ${d.revoked})`,
  },
  SESSIONS_REVOKE_FAILED: {
    en: (d) => `Core banking did not confirm the sign-out from the mobile app: ${d.reason}`,
    ru: (d) => `Банковская система не подтвердила выход из мобильного приложения: ${failureWords(String(d.reason), 'ru')}`,
  },
  WALLET_TOKENS_REVOKED: {
    en: (d, c) => `Card ${c} removed from mobile wallets (${d.revoked} token(s))`,
    ru: (d, c) => `Карта ${c} удалена из мобильных кошельков (токенов: ${d.revoked})`,
  },
  WALLET_TOKENS_REVOKE_FAILED: {
    en: (d, c) => `Core banking did not confirm removing the card ${c} from mobile wallets: ${d.reason}`,
    ru: (d, c) => `Банковская система не подтвердила удаление карты ${c} из мобильных кошельков: ${failureWords(String(d.reason), 'ru')}`,
  },
  REISSUE_ORDERED: {
    en: (d, c) => `New card ordered to replace the card ${c}, due by ${d.eta}`,
    ru: (d, c, t) => `Заказан перевыпуск карты ${c}, срок — ${t(d.eta)}`,
  },
  TRANSACTIONS_LOADED: { en: () => 'Recent transactions loaded', ru: () => 'Последние операции загружены' },
  TRANSACTIONS_UNAVAILABLE: {
    en: (d) => `Recent transactions could not be loaded: ${d.reason}`,
    ru: (d) => `Не удалось загрузить последние операции: ${failureWords(String(d.reason), 'ru')}`,
  },
  REISSUE_FAILED: {
    en: (d, c) => `The new card to replace the card ${c} was not ordered: ${d.reason}`,
    ru: (d, c) => `Новая карта вместо карты ${c} не заказана: ${failureWords(String(d.reason), 'ru')}`,
  },
  EMERGENCY_CASH_ORDERED: {
    en: (d, _, time) => `Emergency cash ordered at core banking (reference ${d.coreRef}), ready from ${time(d.readyAt)}; pick-up code sent to the customer`,
    ru: (d, _, time) => `Экстренные наличные заказаны (номер заказа ${d.coreRef}), можно получить с ${time(d.readyAt)}; код получения отправлен клиенту`,
  },
  EMERGENCY_CASH_FAILED: {
    en: (d) => `Core banking did not confirm the emergency cash order: ${d.reason}`,
    ru: (d) => `Банковская система не подтвердила заказ экстренных наличных: ${failureWords(String(d.reason), 'ru')}`,
  },
  EMERGENCY_CASH_COLLECTED: { en: (d) => `Emergency cash collected (reference ${d.reference})`, ru: (d) => `Экстренные наличные получены (номер заказа ${d.reference})` },
  NOTIFICATION_FAILED: {
    en: (d) => `The message did not reach the customer: ${d.reason}`,
    ru: (d) => `Сообщение не дошло до клиента: ${failureWords(String(d.reason), 'ru')}`,
  },
  CALLBACK_DUE: { en: () => 'Callback is due now', ru: () => 'Пора перезвонить клиенту' },
  REISSUE_DELIVERED: { en: (_, c) => `New card to replace the card ${c} delivered`, ru: (_, c) => `Новая карта вместо карты ${c} доставлена` },
  REFUND_DECIDED: {
    en: (d) => `Disputed payment(s) ${d.transactionIds}: ${d.decision === 'refunded' ? 'refunded' : 'refund declined'}`,
    ru: (d) => `Оспоренные операции ${d.transactionIds}: ${d.decision === 'refunded' ? 'сумма возмещена' : 'в возмещении отказано'}`,
  },
  COMMITMENT_CHECKED: {
    en: (d) =>
      d.verdict === 'kept'
        ? `Promise kept on time: ${PROMISE[String(d.kind)]?.en}`
        : d.verdict === 'withdrawn'
          ? `Promise no longer needed: ${PROMISE[String(d.kind)]?.en}`
          : `Promise not kept on time: ${PROMISE[String(d.kind)]?.en}. Supervisor alerted; customer told by ${d.channel}`,
    ru: (d) =>
      d.verdict === 'kept'
        ? `Обещание выполнено в срок: ${PROMISE[String(d.kind)]?.ru}`
        : d.verdict === 'withdrawn'
          ? `Обещание больше не требуется: ${PROMISE[String(d.kind)]?.ru}`
          : `Обещание не выполнено в срок: ${PROMISE[String(d.kind)]?.ru}. Супервизор оповещён, клиенту отправлено сообщение ${channelWords(String(d.channel), 'ru')}`,
  },
  COMMITMENT_CHECK_FAILED: { en: (d) => `Could not check whether a promise was kept: ${d.reason}`, ru: (d) => `Не удалось проверить выполнение обещания: ${failureWords(String(d.reason), 'ru')}` },
  FOLLOW_UP_SENT: {
    en: (d) => `Customer asked how it went (${d.channel})`,
    ru: (d) => `Клиенту отправлен вопрос о качестве обслуживания ${channelWords(String(d.channel), 'ru')}`,
  },
  FOLLOW_UP_FAILED: { en: (d) => `The follow-up did not reach the customer: ${d.reason}`, ru: (d) => `Вопрос о качестве обслуживания не дошёл до клиента: ${failureWords(String(d.reason), 'ru')}` },
  CARD_BATCH_BLOCKED: {
    en: (d) => `Batch ${d.batch}: ${d.blocked} card(s) blocked at core banking, ${d.failed} refused`,
    ru: (d) => `Партия ${d.batch}: заблокировано карт — ${d.blocked}, отказано — ${d.failed}`,
  },
  CARD_BATCH_BLOCK_FAILED: {
    en: (d) => `Batch ${d.batch}: core banking did not confirm the blocks: ${d.reason}`,
    ru: (d) => `Партия ${d.batch}: процессинг не подтвердил блокировку: ${failureWords(String(d.reason), 'ru')}`,
  },
  CARD_BATCH_REISSUED: {
    en: (d) => `Batch ${d.batch}: ${d.ordered} new card(s) ordered, ${d.failed} refused`,
    ru: (d) => `Партия ${d.batch}: заказано новых карт — ${d.ordered}, отказано — ${d.failed}`,
  },
  CARD_BATCH_REISSUE_FAILED: {
    en: (d) => `Batch ${d.batch}: core banking did not confirm the new cards: ${d.reason}`,
    ru: (d) => `Партия ${d.batch}: процессинг не подтвердил перевыпуск: ${failureWords(String(d.reason), 'ru')}`,
  },
  CUSTOMER_BATCH_NOTIFIED: {
    en: (d) => `Notice batch ${d.batch}: ${d.customers} customer(s) told`,
    ru: (d) => `Партия уведомлений ${d.batch}: клиентов уведомлено — ${d.customers}`,
  },
  CUSTOMER_BATCH_NOTIFY_FAILED: {
    en: (d) => `Notice batch ${d.batch}: the messages did not go out: ${d.reason}`,
    ru: (d) => `Партия уведомлений ${d.batch}: сообщения не отправлены: ${failureWords(String(d.reason), 'ru')}`,
  },
  FEEDBACK_RECORDED: {
    en: (d) => `The customer rated the service ${d.score} of 5`,
    ru: (d) => `Клиент оценил обслуживание на ${d.score} из 5`,
  },
  ALERT_ACKNOWLEDGED: { en: () => 'A supervisor took up the broken promise', ru: () => 'Супервизор взял в работу невыполненное обязательство' },
  // What did not run is named; what already ran (a block) stays and is on the timeline above.
  CANCEL: {
    en: (d) => `Cancelled: ${d.reason}. Not run and withdrawn: ${withdrawn(d, 'en')}; what was already done stays`,
    ru: (d) => `Отменено: ${d.reason}. Не выполнено и отозвано: ${withdrawn(d, 'ru')}; уже сделанное остаётся в силе`,
  },
  CALL_DROPPED: { en: () => 'The call dropped; a callback is promised', ru: () => 'Связь прервалась; обещан обратный звонок' },
  CALLBACK_RESCHEDULED: {
    en: (d, _, time) => (d.at ? `Callback moved to ${time(d.at)}` : 'Callback moved'),
    ru: (d, _, time) => (d.at ? `Звонок перенесён на ${time(d.at)}` : 'Звонок перенесён'),
  },
  UNTOUCHED_CHECKED: {
    en: (d) => (d.verdict === 'untouched' ? 'No one has acted on the incident for too long: a supervisor is alerted' : 'Checked that someone is acting on the incident'),
    ru: (d) => (d.verdict === 'untouched' ? 'По обращению слишком долго никто не работал: супервизор предупреждён' : 'Проверено, что по обращению работают'),
  },
};

const UNREACHABLE_LINE: Record<Locale, string> = {
  en: 'Customer did not answer the last call: a written summary is sent and the incident closed',
  ru: 'Клиент не ответил на последний звонок: отправлена письменная сводка, обращение закрыто',
};

const withdrawn = (d: Data, locale: Locale) => {
  const kinds = Array.isArray(d.withdrawn) ? (d.withdrawn as string[]) : [];
  return kinds.length === 0 ? (locale === 'ru' ? 'ничего' : 'nothing') : String(kinds.length);
};

type Mismatch = { cardRef: string; stated: string; last4: string };

/** The last 4 of the cards an event added, when it lists them (a breach only counts them). */
const addedLast4s = (d: Data, locale: Locale) => {
  const cards = Array.isArray(d.cards) ? (d.cards as { last4: string }[]) : [];
  if (cards.length === 0 || cards.length > 10) return '';
  return locale === 'ru' ? ` (последние цифры: ${cards.map((c) => c.last4).join(', ')})` : ` (ending ${cards.map((c) => c.last4).join(', ')})`;
};

/** What was flagged about the cards at open: core banking down, or a last 4 the caller gave differently. */
const openedFlags = (d: Data, locale: Locale) => {
  const mismatches = Array.isArray(d.last4Mismatches) ? (d.last4Mismatches as Mismatch[]) : [];
  const said = mismatches.map((m) => (locale === 'ru' ? `; клиент назвал ${m.stated}, в банковской системе ${m.last4}` : `; the caller said ${m.stated}, core banking says ${m.last4}`)).join('');
  const down = d.cardsUnconfirmed ? (locale === 'ru' ? '; банковская система не ответила, карты не подтверждены' : '; core banking did not answer, cards not confirmed') : '';
  return down + said;
};

/** One line of the timeline, in the incident's language: the operator's own button label, or what a job reported (in its handler's words where it has them). */
export function summarizeEvent(event: IncidentEventEntity, locale: Locale, context: IncidentContext, definition: PlaybookDefinition, handlers: EffectHandlers): string {
  const last4 = context.cards.find((c) => c.cardRef === event.data.cardRef)?.last4;
  const card = last4 ? (locale === 'ru' ? `с последними цифрами ${last4}` : `ending ${last4}`) : '';
  const label =
    (event.stateFrom ? definition.states[event.stateFrom]?.on[event.type]?.label : undefined) ??
    definition.on[event.type]?.label ??
    Object.values(definition.states).find((s) => s.on[event.type]?.label)?.on[event.type].label;
  const time = (iso: unknown) => (typeof iso === 'string' && !Number.isNaN(Date.parse(iso)) ? formatTime(iso, locale, context.timeZone) : String(iso));
  // The last unanswered call closes the incident (ways-out.ts): its button's "call again" would not be true.
  const closedUnreachable = event.type === 'CUSTOMER_UNREACHABLE' && event.stateTo === UNREACHABLE_STATE ? UNREACHABLE_LINE[locale] : undefined;
  const summary = closedUnreachable ?? handlers.timelineLine(event.type, event.data, locale) ?? SUMMARIES[event.type]?.[locale]?.(event.data, card, time) ?? label?.[locale] ?? humanize(event.type);
  return event.outcome === 'ignored' ? `${summary} (${locale === 'ru' ? 'уже не требовалось' : 'no longer needed'})` : summary;
}

const humanize = (type: string) => type.charAt(0) + type.slice(1).toLowerCase().replaceAll('_', ' ');
