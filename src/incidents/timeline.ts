import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import type { Locale, PlaybookDefinition } from '../playbooks/playbook.definition.js';
import type { IncidentEventEntity } from './incident-event.entity.js';

type Data = Record<string, unknown>;
type Summary = (data: Data, card: string) => string;

/** The promise a commitment check is about, by kind. */
const PROMISE: Record<string, Record<Locale, string>> = {
  callback: { en: 'the callback', ru: 'обратный звонок' },
  reissue: { en: 'the new card', ru: 'новая карта' },
  refund_decision: { en: 'the decision on a disputed payment', ru: 'решение по оспоренной операции' },
};

const SUMMARIES: Record<string, Record<Locale, Summary>> = {
  INCIDENT_OPENED: {
    en: (d) => `Incident opened (${d.channel}) for ${d.cardCount} card(s)`,
    ru: (d) => `Инцидент открыт (${d.channel}), карт: ${d.cardCount}`,
  },
  CARD_BLOCKED: { en: (_, c) => `Card ${c} blocked at core banking`, ru: (_, c) => `Карта ${c} заблокирована` },
  CARD_BLOCK_FAILED: {
    en: (d, c) => `Core banking did not confirm the block of card ${c}: ${d.reason}`,
    ru: (d, c) => `Процессинг не подтвердил блокировку карты ${c}: ${d.reason}`,
  },
  CARD_FROZEN: { en: (_, c) => `Card ${c} frozen at core banking`, ru: (_, c) => `Карта ${c} заморожена` },
  CARD_FREEZE_FAILED: {
    en: (d, c) => `Core banking did not confirm the freeze of card ${c}: ${d.reason}`,
    ru: (d, c) => `Процессинг не подтвердил заморозку карты ${c}: ${d.reason}`,
  },
  CARD_UNFROZEN: { en: (_, c) => `Card ${c} switched back on at core banking`, ru: (_, c) => `Карта ${c} разморожена` },
  CARD_UNFREEZE_FAILED: {
    en: (d, c) => `Core banking did not switch card ${c} back on: ${d.reason}`,
    ru: (d, c) => `Процессинг не разморозил карту ${c}: ${d.reason}`,
  },
  SESSIONS_REVOKED: {
    en: (d) => `Signed out of the mobile app on every device (${d.revoked} session(s))`,
    ru: (d) => `Выполнен выход из мобильного приложения на всех устройствах (сеансов: ${d.revoked})`,
  },
  SESSIONS_REVOKE_FAILED: {
    en: (d) => `Core banking did not confirm the sign-out from the mobile app: ${d.reason}`,
    ru: (d) => `Банковская система не подтвердила выход из мобильного приложения: ${d.reason}`,
  },
  WALLET_TOKENS_REVOKED: {
    en: (d, c) => `Card ${c} removed from mobile wallets (${d.revoked} token(s))`,
    ru: (d, c) => `Карта ${c} удалена из мобильных кошельков (токенов: ${d.revoked})`,
  },
  WALLET_TOKENS_REVOKE_FAILED: {
    en: (d, c) => `Core banking did not confirm removing card ${c} from mobile wallets: ${d.reason}`,
    ru: (d, c) => `Банковская система не подтвердила удаление карты ${c} из мобильных кошельков: ${d.reason}`,
  },
  REISSUE_ORDERED: {
    en: (d, c) => `New card ordered to replace ${c}, due by ${d.eta}`,
    ru: (d, c) => `Заказан перевыпуск карты ${c}, срок — ${d.eta}`,
  },
  CALLBACK_DUE: { en: () => 'Callback is due now', ru: () => 'Пора перезвонить клиенту' },
  CUSTOMER_NOTIFIED: {
    en: (d) => `Customer notified by ${d.channel} (${d.template})`,
    ru: (d) => `Клиент уведомлён: ${d.channel} (${d.template})`,
  },
  REISSUE_DELIVERED: { en: (_, c) => `New card to replace ${c} delivered`, ru: (_, c) => `Новая карта вместо ${c} доставлена` },
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
          : `Обещание не выполнено в срок: ${PROMISE[String(d.kind)]?.ru}. Супервизор оповещён, клиенту отправлено сообщение (${d.channel})`,
  },
  COMMITMENT_CHECK_FAILED: { en: (d) => `Could not check whether a promise was kept: ${d.reason}`, ru: (d) => `Не удалось проверить выполнение обещания: ${d.reason}` },
  FOLLOW_UP_SENT: {
    en: (d) => `Customer asked how it went (${d.channel})`,
    ru: (d) => `Клиенту отправлен вопрос о качестве обслуживания (${d.channel})`,
  },
  FOLLOW_UP_FAILED: { en: (d) => `The follow-up did not reach the customer: ${d.reason}`, ru: (d) => `Вопрос о качестве обслуживания не дошёл до клиента: ${d.reason}` },
  CARD_BATCH_BLOCKED: {
    en: (d) => `Batch ${d.batch}: ${d.blocked} card(s) blocked at core banking, ${d.failed} refused`,
    ru: (d) => `Партия ${d.batch}: заблокировано карт — ${d.blocked}, отказано — ${d.failed}`,
  },
  CARD_BATCH_BLOCK_FAILED: {
    en: (d) => `Batch ${d.batch}: core banking did not confirm the blocks: ${d.reason}`,
    ru: (d) => `Партия ${d.batch}: процессинг не подтвердил блокировку: ${d.reason}`,
  },
  CARD_BATCH_REISSUED: {
    en: (d) => `Batch ${d.batch}: ${d.ordered} new card(s) ordered, ${d.failed} refused`,
    ru: (d) => `Партия ${d.batch}: заказано новых карт — ${d.ordered}, отказано — ${d.failed}`,
  },
  CARD_BATCH_REISSUE_FAILED: {
    en: (d) => `Batch ${d.batch}: core banking did not confirm the new cards: ${d.reason}`,
    ru: (d) => `Партия ${d.batch}: процессинг не подтвердил перевыпуск: ${d.reason}`,
  },
  CUSTOMER_BATCH_NOTIFIED: {
    en: (d) => `Notice batch ${d.batch}: ${d.customers} customer(s) told`,
    ru: (d) => `Партия уведомлений ${d.batch}: клиентов уведомлено — ${d.customers}`,
  },
  CUSTOMER_BATCH_NOTIFY_FAILED: {
    en: (d) => `Notice batch ${d.batch}: the messages did not go out: ${d.reason}`,
    ru: (d) => `Партия уведомлений ${d.batch}: сообщения не отправлены: ${d.reason}`,
  },
  FEEDBACK_RECORDED: {
    en: (d) => `The customer rated the service ${d.score} of 5`,
    ru: (d) => `Клиент оценил обслуживание на ${d.score} из 5`,
  },
  ALERT_ACKNOWLEDGED: { en: () => 'A supervisor took up the broken promise', ru: () => 'Супервизор взял в работу невыполненное обязательство' },
};

/** One line of the timeline, in the incident's language: the operator's own button label, or what a job reported. */
export function summarizeEvent(event: IncidentEventEntity, locale: Locale, context: IncidentContext, definition: PlaybookDefinition): string {
  const last4 = context.cards.find((c) => c.cardRef === event.data.cardRef)?.last4;
  const card = last4 ? `•••• ${last4}` : '';
  const label = event.stateFrom ? definition.states[event.stateFrom]?.on[event.type]?.label?.[locale] : undefined;
  const summary = SUMMARIES[event.type]?.[locale]?.(event.data, card) ?? label ?? humanize(event.type);
  return event.outcome === 'ignored' ? `${summary} (${locale === 'ru' ? 'уже не требовалось' : 'no longer needed'})` : summary;
}

const humanize = (type: string) => type.charAt(0) + type.slice(1).toLowerCase().replaceAll('_', ' ');
