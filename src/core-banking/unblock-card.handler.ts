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
const WORDS: Record<Locale, (p: EffectParams['unblockCard'], reason: string) => AttentionWords> = {
  en: (p, reason) => ({
    failed: `Core banking did not switch the card ${card(p)} back on (${reason}).`,
    say: 'Your card is still safely frozen; switching it back on needs one more step on our side.',
    do: 'Ask a supervisor to retry, or tell the customer the card can be unfrozen at any branch.',
  }),
  ru: (p, reason) => ({
    failed: `Процессинг не разморозил карту ${card(p, 'ru')} (${reason}).`,
    say: 'Ваша карта по-прежнему надёжно заморожена; чтобы снова её включить, нам нужен ещё один шаг.',
    do: 'Попросите супервизора повторить или предложите клиенту разморозить карту в любом отделении.',
  }),
};

/** Switches a frozen card back on; core banking refuses it for a permanently blocked card. */
@Injectable()
export class UnblockCardHandler implements EffectHandler<'unblockCard'>, OnModuleInit {
  readonly kind = 'unblockCard';
  readonly queue = QueueName.CardActions;
  /** The card stays safely frozen meanwhile. */
  readonly urgency = 3;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly coreBanking: CoreBankingPort,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async execute(effect: Effect<'unblockCard'>): Promise<EventInput> {
    const r = await this.coreBanking.unblockCard({ cardRef: effect.params.cardRef, idempotencyKey: effect.id });
    return { type: 'CARD_UNFROZEN', data: { cardRef: r.cardRef, coreRef: r.coreRef, unfrozenAt: r.at } };
  }

  async giveUp(effect: Effect<'unblockCard'>, reason: string): Promise<EventInput> {
    return givenUp('CARD_UNFREEZE_FAILED', effect, reason);
  }

  settled(p: EffectParams['unblockCard'], context: IncidentContext): boolean {
    const status = context.cards.find((c) => c.cardRef === p.cardRef)?.status;
    return status === 'active' || status === 'blocked';
  }

  underWay(effect: Effect<'unblockCard'>, context: IncidentContext, locale: Locale): UnderWay {
    const p = effect.params;
    const what = locale === 'ru' ? `Разморозка карты ${card(p, locale)}` : `Switch the card ${card(p)} back on`;
    return { what, owner: OWNERS.lifeline[locale], dueBy: effect.createdAt.toISOString(), channel: context.contactChannel, status: progressOf(effect) };
  }

  attention(p: EffectParams['unblockCard'], reason: string, locale: Locale): AttentionWords {
    return WORDS[locale](p, reason);
  }
}
