import { Injectable, OnModuleInit } from '@nestjs/common';
import { CoreBankingError, CoreBankingPort, type CoreCard } from './core-banking.port.js';
import { AppConfig } from '../config/app-config.js';
import { type AttentionWords, type Effect, type EffectHandler } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import type { Locale } from '../playbooks/playbook.definition.js';

/** Said to the operator while core banking keeps not answering (Lifeline keeps asking). */
const WORDS: Record<Locale, (reason: string, hotline: string) => AttentionWords> = {
  en: (reason, hotline) => ({
    failed: `Core banking still does not list the customer's cards (${reason}); Lifeline keeps asking.`,
    say: 'Our main system is slow right now, so I am blocking your cards by phone with our card processing centre.',
    do: `Call the card-processing hotline on ${hotline}, block the cards by phone and record their reference. Lifeline blocks any card still active once core banking answers.`,
  }),
  ru: (reason, hotline) => ({
    failed: `Банковская система всё ещё не отвечает со списком карт клиента (${reason}); Lifeline продолжает запрашивать.`,
    say: 'Наша основная система сейчас отвечает медленно, поэтому я блокирую ваши карты по телефону через процессинговый центр.',
    do: `Позвоните на горячую линию процессинга по номеру ${hotline}, заблокируйте карты по телефону и запишите номер обращения. Когда банковская система ответит, Lifeline заблокирует карты, которые ещё активны.`,
  }),
};

/** Asks core banking for the customer's cards again after it did not answer at open; the engine reconciles them. */
@Injectable()
export class ReconcileCardsHandler implements EffectHandler<'reconcileCards'>, OnModuleInit {
  readonly kind = 'reconcileCards';
  readonly queue = QueueName.CardActions;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly coreBanking: CoreBankingPort,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async execute(effect: Effect<'reconcileCards'>): Promise<EventInput> {
    const cards = await this.listed(effect.params.customerRef);
    return { type: 'CARDS_RECONCILED', data: { cards: cards.map(({ cardRef, last4, product, status }) => ({ cardRef, last4, product, status })) } };
  }

  /** A customer core banking does not know has no cards there: every named card is then flagged. */
  private async listed(customerRef: string): Promise<CoreCard[]> {
    try {
      return await this.coreBanking.listCards(customerRef);
    } catch (error) {
      if (error instanceof CoreBankingError && error.kind === 'not_found') return [];
      throw error;
    }
  }

  /** Given up for now: the incident asks again after CARD_RECONCILE_RETRY_SECONDS. */
  async giveUp(_: Effect<'reconcileCards'>, reason: string): Promise<EventInput> {
    const retryAt = new Date(Date.now() + this.config.CARD_RECONCILE_RETRY_SECONDS * 1000).toISOString();
    return { type: 'CARDS_RECONCILE_FAILED', data: { reason, retryAt } };
  }

  settled(_: EffectParams['reconcileCards'], context: IncidentContext): boolean {
    return !context.cardCheck?.pending;
  }

  attention(_: EffectParams['reconcileCards'], reason: string, locale: Locale): AttentionWords {
    return WORDS[locale](reason, this.config.CARD_PROCESSING_HOTLINE);
  }
}
