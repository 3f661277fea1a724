import { Injectable, OnModuleInit } from '@nestjs/common';
import { OWNERS } from '../commitments/commitment-words.js';
import { CoreBankingPort } from './core-banking.port.js';
import { type AttentionWords, type Effect, type EffectHandler, givenUp, progressOf, type UnderWay } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import type { Locale } from '../playbooks/playbook.definition.js';

/** en "ending 1111" / ru «с последними цифрами 1111», to follow "card" / «карты». */
const card = (p: { last4?: string }, locale: Locale = 'en') => (locale === 'ru' ? `с последними цифрами ${p.last4 ?? '????'}` : `ending ${p.last4 ?? '????'}`);

/** Said to the operator when Lifeline gives up. */
const WORDS: Record<Locale, (p: EffectParams['revokeWalletTokens'], reason: string, frozen: boolean) => AttentionWords> = {
  en: (p, reason, frozen) => ({
    failed: `The card ${card(p)} was not removed from mobile wallets (${reason}).`,
    // Said only as it is: a card whose freeze failed too is not called frozen.
    say: frozen
      ? 'Your card is frozen, so no one can pay with it; we are also removing it from the phone’s wallet.'
      : 'We are removing your card from the phone’s wallet right now.',
    do: 'Ask the digital banking desk to remove the wallet tokens by hand; a supervisor can retry.',
  }),
  ru: (p, reason, frozen) => ({
    failed: `Карта ${card(p, 'ru')} не удалена из мобильных кошельков (${reason}).`,
    say: frozen ? 'Карта заморожена, платить ею никто не сможет; мы также удаляем её из кошелька на телефоне.' : 'Мы прямо сейчас удаляем вашу карту из кошелька на телефоне.',
    do: 'Попросите службу дистанционного банкинга удалить токены вручную; супервизор может повторить.',
  }),
};

/** Removes a card from the mobile wallets of a lost device. */
@Injectable()
export class RevokeWalletTokensHandler implements EffectHandler<'revokeWalletTokens'>, OnModuleInit {
  readonly kind = 'revokeWalletTokens';
  readonly queue = QueueName.CardActions;
  /** A card left in a stolen phone’s wallet can still pay. */
  readonly urgency = 1;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly coreBanking: CoreBankingPort,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async execute(effect: Effect<'revokeWalletTokens'>): Promise<EventInput> {
    const r = await this.coreBanking.revokeWalletTokens({ cardRef: effect.params.cardRef, idempotencyKey: effect.id });
    return { type: 'WALLET_TOKENS_REVOKED', data: { cardRef: r.cardRef, revoked: r.revoked, coreRef: r.coreRef, revokedAt: r.at } };
  }

  async giveUp(effect: Effect<'revokeWalletTokens'>, reason: string): Promise<EventInput> {
    return givenUp('WALLET_TOKENS_REVOKE_FAILED', effect, reason);
  }

  underWay(effect: Effect<'revokeWalletTokens'>, context: IncidentContext, locale: Locale): UnderWay {
    const p = effect.params;
    const what = locale === 'ru' ? `Удаление карты ${card(p, locale)} из мобильных кошельков` : `Remove the card ${card(p)} from mobile wallets`;
    return { what, owner: OWNERS.lifeline[locale], dueBy: effect.createdAt.toISOString(), channel: context.contactChannel, status: progressOf(effect) };
  }

  attention(p: EffectParams['revokeWalletTokens'], reason: string, locale: Locale, context?: IncidentContext): AttentionWords {
    return WORDS[locale](p, reason, context?.cards.find((c) => c.cardRef === p.cardRef)?.status === 'frozen');
  }
}
