import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import type { Locale, PlaybookDefinition } from '../playbooks/playbook.definition.js';
import type { IncidentEventEntity } from './incident-event.entity.js';

type Data = Record<string, unknown>;
type Summary = (data: Data, card: string) => string;

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
