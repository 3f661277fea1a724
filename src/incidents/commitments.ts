import { messageTitle } from '../notifications/message-templates.js';
import type { CommitmentEntity, CommitmentKind } from '../commitments/commitment.entity.js';
import { newCardWords, OWNERS } from '../commitments/commitment-words.js';
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
  /** `late`: a watched promise that missed its due time; a supervisor was alerted and the customer told. */
  status: 'in_progress' | 'scheduled' | 'due' | 'done' | 'failed' | 'late';
  /** Set on the promises Lifeline watches (a new card, a callback, a refund decision). */
  id?: string;
  kind?: CommitmentKind;
  /** When a watched promise was kept (after `lateSince`, if it was late). */
  keptAt?: string | null;
  lateSince?: string | null;
}

/**
 * One list, built from what is really under way, never typed by hand. What has a due time and is
 * watched (a new card once core banking gave its delivery date, a callback, a refund decision) comes
 * from the tracked commitments; what is done or under way (blocks, messages, an order not yet
 * confirmed) comes from the incident's effects.
 */
export function describeCommitments(effects: EffectEntity[], incident: IncidentEntity, tracked: CommitmentEntity[], now: Date): Commitment[] {
  const locale = incident.locale;
  const ru = locale === 'ru';
  const last4 = (p: { last4: string }) => (ru ? `с последними цифрами ${p.last4}` : `ending ${p.last4}`);
  // How the customer will hear about it: the channel they chose, not the one the incident came in by.
  const heardBy = incident.snapshot.context.contactChannel;
  const trackedFor = new Map(tracked.filter((c) => c.effectId).map((c) => [c.effectId, c]));
  const fromEffects = effects.flatMap((effect): Commitment[] => {
    const watched = trackedFor.get(effect.id);
    if (watched) return describeTracked(watched, locale, now);
    const failed = effect.status === 'dead';
    const done = effect.status === 'succeeded';
    const working = failed ? 'failed' : done ? 'done' : 'in_progress';
    const automatic = { owner: OWNERS.lifeline[locale], dueBy: effect.createdAt.toISOString() };
    switch (effect.kind) {
      case 'blockCard': {
        const p = effect.params as EffectParams['blockCard'];
        const what = p.mode === 'freeze' ? (ru ? `Заморозка карты ${last4(p)}` : `Freeze the card ${last4(p)}`) : ru ? `Блокировка карты ${last4(p)}` : `Block the card ${last4(p)}`;
        return [{ what, ...automatic, channel: heardBy, status: working }];
      }
      case 'unblockCard': {
        const p = effect.params as EffectParams['unblockCard'];
        return [{ what: ru ? `Разморозка карты ${last4(p)}` : `Switch the card ${last4(p)} back on`, ...automatic, channel: heardBy, status: working }];
      }
      case 'revokeAppSessions':
        return [{ what: ru ? 'Выход из мобильного приложения на всех устройствах' : 'Sign out of the mobile app on every device', ...automatic, channel: heardBy, status: working }];
      case 'revokeWalletTokens': {
        const p = effect.params as EffectParams['revokeWalletTokens'];
        return [{ what: ru ? `Удаление карты ${last4(p)} из мобильных кошельков` : `Remove the card ${last4(p)} from mobile wallets`, ...automatic, channel: heardBy, status: working }];
      }
      case 'scheduleReissue': {
        // Ordered but not yet confirmed by core banking: no delivery date to promise yet.
        const p = effect.params as EffectParams['scheduleReissue'];
        return [{ what: newCardWords(p)[locale], dueBy: null, owner: OWNERS.cards[locale], channel: incident.snapshot.context.contactChannel, status: failed ? 'failed' : 'in_progress' }];
      }
      case 'notifyCustomer': {
        const p = effect.params as EffectParams['notifyCustomer'];
        return [{ what: ru ? `Сообщение клиенту: ${messageTitle(p.template, 'ru')}` : `Message to the customer: ${messageTitle(p.template, 'en')}`, ...automatic, channel: p.contactChannel, status: working }];
      }
      // A callback is watched from the moment it is asked for; the rest are not promises.
      case 'scheduleCallback':
      case 'loadTransactions':
      case 'checkCommitment':
      case 'followUp':
      // A merchant breach's hundreds of batches are counted in the view's `progress`, not listed one by one.
      case 'blockCardBatch':
      case 'reissueCardBatch':
      case 'notifyCustomersBatch':
        return [];
    }
  });
  const refundDecisions = tracked.filter((c) => !c.effectId).flatMap((c) => describeTracked(c, locale, now));
  return [...fromEffects, ...refundDecisions];
}

/** A promise no longer needed (replaced by a later callback, or the customer called us first) is not read out. */
function describeTracked(c: CommitmentEntity, locale: Locale, now: Date): Commitment[] {
  if (c.status === 'withdrawn') return [];
  const status = c.metAt ? 'done' : c.status === 'breached' ? 'late' : now >= c.dueBy ? 'due' : 'scheduled';
  return [{
    what: c.what[locale],
    dueBy: c.dueBy.toISOString(),
    owner: OWNERS[c.owner][locale],
    channel: c.channel,
    status,
    id: c.id,
    kind: c.kind,
    keptAt: c.metAt?.toISOString() ?? null,
    lateSince: c.breachedAt?.toISOString() ?? null,
  }];
}
