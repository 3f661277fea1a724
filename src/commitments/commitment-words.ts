import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { TransactionSummary } from '../playbooks/catalog/incident-context.js';
import type { Locale, Localized } from '../playbooks/playbook.definition.js';
import { amountWords } from '../playbooks/words/spoken.js';
import type { CommitmentOwner } from './commitment.entity.js';

/** Who keeps each promise, as the operator says it. */
export const OWNERS: Record<CommitmentOwner | 'lifeline', Localized> = {
  lifeline: { en: 'Bank (automatic)', ru: 'Банк (автоматически)' },
  cards: { en: 'Card delivery service', ru: 'Служба доставки карт' },
  contactCentre: { en: 'Contact centre', ru: 'Контакт-центр' },
  disputes: { en: 'Disputes team', ru: 'Отдел по спорным операциям' },
  emergencyCash: { en: 'Emergency cash service', ru: 'Служба экстренной выдачи наличных' },
};

export const callbackWords = (): Localized => ({ en: 'We call you back', ru: 'Мы перезвоним вам' });

export function newCardWords(p: EffectParams['scheduleReissue']): Localized {
  const words = (locale: Locale) => {
    const ru = locale === 'ru';
    const where = p.delivery.kind === 'branch' ? (ru ? `в отделение ${p.delivery.branchId}` : `to branch ${p.delivery.branchId}`) : ru ? 'по адресу клиента' : "to the customer's address";
    const speed = p.express ? (ru ? ' (срочно)' : ' (express)') : '';
    return ru ? `Новая карта вместо карты с последними цифрами ${p.last4} — доставка ${where}${speed}` : `New card to replace the card ending ${p.last4}, delivered ${where}${speed}`;
  };
  return { en: words('en'), ru: words('ru') };
}

export const emergencyCashWords = (): Localized => ({
  en: 'Emergency cash at a partner office, collected with the pick-up code and reference we sent (no ID needed)',
  ru: 'Экстренные наличные в офисе-партнёре — по коду получения и номеру заказа из нашего сообщения, без документов',
});

/** "120.00 euros at Cafe Roma (Rome)" / «120,00 евро — Cafe Roma (Rome)»: how a disputed payment is named to the operator and the customer. */
export function paymentName(t: Pick<TransactionSummary, 'amount' | 'currency' | 'merchant' | 'city'>, locale: Locale): string {
  return `${amountWords(t.amount, t.currency, locale)} ${locale === 'ru' ? '—' : 'at'} ${t.merchant} (${t.city})`;
}

export function refundDecisionWords(t: TransactionSummary): Localized {
  return {
    en: `Decision on the disputed payment of ${paymentName(t, 'en')}`,
    ru: `Решение по оспоренной операции ${paymentName(t, 'ru')}`,
  };
}
