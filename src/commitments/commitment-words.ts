import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { IncidentCard, TransactionSummary } from '../playbooks/catalog/incident-context.js';
import { FALLBACK_TIME_ZONE } from '../playbooks/guidance.js';
import type { Locale, Localized } from '../playbooks/playbook.definition.js';
import { paymentWords } from '../playbooks/words/spoken.js';
import type { CommitmentOwner } from './commitment.entity.js';

/** Who keeps each promise, as the operator says it. */
export const OWNERS: Record<CommitmentOwner | 'lifeline', Localized> = {
  lifeline: { en: 'Bank (automatic)', ru: 'Банк (автоматически)' },
  cards: { en: 'Card delivery service', ru: 'Служба доставки карт' },
  contactCentre: { en: 'Contact centre', ru: 'Контакт-центр' },
  disputes: { en: 'Disputes team', ru: 'Отдел по спорным операциям' },
  emergencyCash: { en: 'Emergency cash service', ru: 'Служба экстренной выдачи наличных' },
  supervisors: { en: 'Contact-centre supervisor', ru: 'Руководитель смены контакт-центра' },
};

export const summaryWords = (): Localized => ({
  en: 'We send you a written summary: what is done, and how to reach us',
  ru: 'Мы пришлём вам письменную сводку: что сделано и как с нами связаться',
});

export const recoveryWords = (): Localized => ({
  en: 'A contact-centre supervisor contacts you about how we handled your case',
  ru: 'Руководитель смены контакт-центра свяжется с вами по поводу того, как мы провели ваше обращение',
});

export const callbackWords = (): Localized => ({ en: 'We call you back', ru: 'Мы перезвоним вам' });

export function newCardWords(p: EffectParams['scheduleReissue']): Localized {
  const words = (locale: Locale) => {
    const ru = locale === 'ru';
    const where =
      p.delivery.kind === 'branch'
        ? ru ? `в отделение ${p.delivery.branchId}` : `to branch ${p.delivery.branchId}`
        : p.delivery.kind === 'addressOnFile'
          ? ru ? 'по адресу, который знает банк' : 'to the address on file'
          : ru ? 'по адресу клиента' : "to the customer's address";
    const speed = p.express ? (ru ? ' (срочно)' : ' (express)') : '';
    return ru ? `Новая карта вместо карты с последними цифрами ${p.last4} — доставка ${where}${speed}` : `New card to replace the card ending ${p.last4}, delivered ${where}${speed}`;
  };
  return { en: words('en'), ru: words('ru') };
}

export const emergencyCashWords = (): Localized => ({
  en: 'Emergency cash at a partner office, collected with the pick-up code and reference we sent (no ID needed)',
  ru: 'Экстренные наличные в офисе-партнёре — по коду получения и номеру заказа из нашего сообщения, без документов',
});

/**
 * "120.00 euros at Cafe Roma (Rome), card ending 7808, 2 December at 10:00": how a disputed payment is named to the
 * operator and the customer, with its card and time so that two alike payments are told apart.
 */
export function paymentName(t: TransactionSummary, cards: readonly IncidentCard[], locale: Locale, timeZone = FALLBACK_TIME_ZONE): string {
  return paymentWords(t, cards.find((c) => c.cardRef === t.cardRef)?.last4 ?? null, locale, timeZone);
}

/** The promise names the payment itself (its id too), so two identical payments make two promises that can be told apart. */
export function refundDecisionWords(t: TransactionSummary, cards: readonly IncidentCard[], timeZone?: string): Localized {
  return {
    en: `Decision on the disputed payment of ${paymentName(t, cards, 'en', timeZone)} (payment ${t.id})`,
    ru: `Решение по оспоренной операции ${paymentName(t, cards, 'ru', timeZone)} (операция ${t.id})`,
  };
}
