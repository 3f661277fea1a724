import { Injectable, OnModuleInit } from '@nestjs/common';
import { newCardWords, OWNERS } from '../commitments/commitment-words.js';
import { CoreBankingPort } from './core-banking.port.js';
import { type AttentionWords, type Effect, type EffectHandler, givenUp, type UnderWay } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import type { Locale } from '../playbooks/playbook.definition.js';

/** en "ending 1111" / ru «с последними цифрами 1111», to follow "card" / «карты». */
const card = (p: { last4?: string }, locale: Locale = 'en') => (locale === 'ru' ? `с последними цифрами ${p.last4 ?? '????'}` : `ending ${p.last4 ?? '????'}`);

/** Said to the operator when Lifeline gives up. */
const WORDS: Record<Locale, (p: EffectParams['scheduleReissue'], reason: string) => AttentionWords> = {
  en: (p, reason) => ({
    failed: `The new card to replace the card ${card(p)} was not ordered (${reason}).`,
    say: 'Your new card needs one more check on our side; we will confirm the delivery date to you today.',
    do: 'Ask a supervisor to retry the order, or order the card manually in core banking.',
  }),
  ru: (p, reason) => ({
    failed: `Новая карта вместо карты ${card(p, 'ru')} не заказана (${reason}).`,
    say: 'Заказ новой карты требует ещё одной проверки с нашей стороны; сегодня мы подтвердим вам дату доставки.',
    do: 'Попросите супервизора повторить заказ или оформите перевыпуск вручную в АБС.',
  }),
};

/** Orders a new card to replace one blocked; core banking's answer carries its delivery date. */
@Injectable()
export class ScheduleReissueHandler implements EffectHandler<'scheduleReissue'>, OnModuleInit {
  readonly kind = 'scheduleReissue';
  readonly queue = QueueName.Reissue;
  /** No money at risk; a promise to keep. */
  readonly urgency = 4;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly coreBanking: CoreBankingPort,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async execute(effect: Effect<'scheduleReissue'>): Promise<EventInput> {
    const p = effect.params;
    const r = await this.coreBanking.reissueCard({ cardRef: p.cardRef, delivery: p.delivery, express: p.express, idempotencyKey: effect.id });
    return { type: 'REISSUE_ORDERED', data: { cardRef: r.cardRef, newLast4: r.newLast4, eta: r.eta, coreRef: r.coreRef } };
  }

  async giveUp(effect: Effect<'scheduleReissue'>, reason: string): Promise<EventInput> {
    return givenUp('REISSUE_FAILED', effect, reason);
  }

  /** Ordered but not yet confirmed by core banking: no delivery date to promise yet (once confirmed, it is a watched commitment). */
  underWay(effect: Effect<'scheduleReissue'>, context: IncidentContext, locale: Locale): UnderWay {
    return {
      what: newCardWords(effect.params)[locale],
      dueBy: null,
      owner: OWNERS.cards[locale],
      channel: context.contactChannel,
      status: effect.status === 'dead' ? 'failed' : 'in_progress',
    };
  }

  attention(p: EffectParams['scheduleReissue'], reason: string, locale: Locale): AttentionWords {
    return WORDS[locale](p, reason);
  }
}
