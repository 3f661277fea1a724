import { Injectable, OnModuleInit } from '@nestjs/common';
import { CoreBankingPort } from './core-banking.port.js';
import { type AttentionWords, type Effect, type EffectHandler, givenUp } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import type { Locale } from '../playbooks/playbook.definition.js';

/** Said to the operator when Lifeline gives up. */
const WORDS: Record<Locale, (p: EffectParams['loadTransactions'], reason: string) => AttentionWords> = {
  en: (_, reason) => ({
    failed: `Recent transactions could not be loaded (${reason}).`,
    say: 'Which recent payments do you not recognise? I will note each one.',
    do: 'Ask the customer and note the payments they do not recognise.',
  }),
  ru: (_, reason) => ({
    failed: `Не удалось загрузить последние операции (${reason}).`,
    say: 'Какие из недавних платежей вы не совершали? Я запишу каждый.',
    do: 'Спросите клиента и запишите операции, которые он не совершал.',
  }),
};

/** Loads the customer's recent transactions for the operator to read out. */
@Injectable()
export class LoadTransactionsHandler implements EffectHandler<'loadTransactions'>, OnModuleInit {
  readonly kind = 'loadTransactions';
  readonly queue = QueueName.CardActions;
  /** The customer can name the payments themselves. */
  readonly urgency = 6;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly coreBanking: CoreBankingPort,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async execute(effect: Effect<'loadTransactions'>): Promise<EventInput> {
    const transactions = await this.coreBanking.recentTransactions(effect.params.customerRef, 20);
    return { type: 'TRANSACTIONS_LOADED', data: { transactions } };
  }

  async giveUp(effect: Effect<'loadTransactions'>, reason: string): Promise<EventInput> {
    return givenUp('TRANSACTIONS_UNAVAILABLE', effect, reason);
  }

  attention(p: EffectParams['loadTransactions'], reason: string, locale: Locale): AttentionWords {
    return WORDS[locale](p, reason);
  }
}
