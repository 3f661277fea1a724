import type { EffectEntity } from '../effects/effect.entity.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { Locale } from '../playbooks/playbook.definition.js';
import type { IncidentEntity } from './incident.entity.js';

/** A promise read to the customer: what, by when, by whom, and how they will hear. */
export interface Commitment {
  what: string;
  dueBy: string | null;
  owner: string;
  channel: string;
  status: 'in_progress' | 'scheduled' | 'due' | 'done' | 'failed';
}

const OWNERS: Record<string, Record<Locale, string>> = {
  lifeline: { en: 'Bank (automatic)', ru: 'Банк (автоматически)' },
  cards: { en: 'Card delivery service', ru: 'Служба доставки карт' },
  contactCentre: { en: 'Contact centre', ru: 'Контакт-центр' },
};

/** Built from the incident's effects, never typed by hand: the operator can only promise what is really under way. */
export function describeCommitments(effects: EffectEntity[], incident: IncidentEntity): Commitment[] {
  const locale = incident.locale;
  const channel = incident.snapshot.context.contactChannel;
  const last4 = (p: { last4: string }) => `•••• ${p.last4}`;
  const ru = locale === 'ru';
  return effects.flatMap((effect): Commitment[] => {
    const failed = effect.status === 'dead';
    const done = effect.status === 'succeeded';
    const working = failed ? 'failed' : done ? 'done' : 'in_progress';
    switch (effect.kind) {
      case 'blockCard': {
        const p = effect.params as EffectParams['blockCard'];
        const what = p.mode === 'freeze' ? (ru ? `Заморозка карты ${last4(p)}` : `Freeze card ${last4(p)}`) : ru ? `Блокировка карты ${last4(p)}` : `Block card ${last4(p)}`;
        return [{ what, dueBy: effect.createdAt.toISOString(), owner: OWNERS.lifeline[locale], channel: incident.channel, status: working }];
      }
      case 'unblockCard': {
        const p = effect.params as EffectParams['unblockCard'];
        return [{ what: ru ? `Разморозка карты ${last4(p)}` : `Switch card ${last4(p)} back on`, dueBy: effect.createdAt.toISOString(), owner: OWNERS.lifeline[locale], channel: incident.channel, status: working }];
      }
      case 'revokeAppSessions':
        return [{ what: ru ? 'Выход из мобильного приложения на всех устройствах' : 'Sign out of the mobile app on every device', dueBy: effect.createdAt.toISOString(), owner: OWNERS.lifeline[locale], channel: incident.channel, status: working }];
      case 'revokeWalletTokens': {
        const p = effect.params as EffectParams['revokeWalletTokens'];
        return [{ what: ru ? `Удаление карты ${last4(p)} из мобильных кошельков` : `Remove card ${last4(p)} from mobile wallets`, dueBy: effect.createdAt.toISOString(), owner: OWNERS.lifeline[locale], channel: incident.channel, status: working }];
      }
      case 'scheduleReissue': {
        const p = effect.params as EffectParams['scheduleReissue'];
        const where = p.delivery.kind === 'branch' ? (ru ? `в отделение ${p.delivery.branchId}` : `to branch ${p.delivery.branchId}`) : ru ? 'по адресу клиента' : "to the customer's address";
        const speed = p.express ? (ru ? ' (срочно)' : ' (express)') : '';
        const eta = typeof effect.result?.eta === 'string' ? effect.result.eta : null;
        return [{
          what: ru ? `Новая карта вместо ${last4(p)} — доставка ${where}${speed}` : `New card to replace ${last4(p)}, delivered ${where}${speed}`,
          dueBy: eta,
          owner: OWNERS.cards[locale],
          channel,
          status: failed ? 'failed' : done ? 'scheduled' : 'in_progress',
        }];
      }
      case 'scheduleCallback': {
        const p = effect.params as EffectParams['scheduleCallback'];
        // A callback replaced by a later one, or made moot by the customer's own call, is no longer promised.
        if (p.at !== incident.snapshot.context.callbackAt) return [];
        // Once the incident is resolved the callback has happened (CALLBACK_COMPLETED is what resolves it).
        const status = failed ? 'failed' : incident.status !== 'open' ? 'done' : done ? 'due' : 'scheduled';
        return [{ what: ru ? 'Мы перезвоним вам' : 'We call you back', dueBy: p.at, owner: OWNERS.contactCentre[locale], channel: p.contactChannel, status }];
      }
      case 'notifyCustomer': {
        const p = effect.params as EffectParams['notifyCustomer'];
        return [{ what: ru ? `Сообщение клиенту: ${p.template}` : `Message to the customer: ${p.template}`, dueBy: effect.createdAt.toISOString(), owner: OWNERS.lifeline[locale], channel: p.contactChannel, status: working }];
      }
      case 'loadTransactions':
        return [];
    }
  });
}
