import { Injectable, OnModuleInit } from '@nestjs/common';
import { type AttentionWords, type Effect, type EffectHandler, givenUp } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import type { Locale } from '../playbooks/playbook.definition.js';
import { BreachBatches } from './breach-batches.js';

/** Said to the operator when Lifeline gives up. */
const WORDS: Record<Locale, (p: EffectParams['notifyCustomersBatch'], reason: string) => AttentionWords> = {
  en: (p, reason) => ({
    failed: `The messages of notice batch ${p.batch} did not go out (${reason}).`,
    say: 'Your card is blocked and a new one is on its way; let me give you the details now.',
    do: 'Ask a supervisor to retry the batch; customers who call meanwhile hear the script.',
  }),
  ru: (p, reason) => ({
    failed: `Сообщения не отправлены, партия уведомлений № ${p.batch} (${reason}).`,
    say: 'Ваша карта заблокирована, новая уже в пути; давайте я сразу расскажу подробности.',
    do: 'Попросите супервизора повторить партию; клиентам, которые звонят, зачитывайте текст шага.',
  }),
};

/** Tells a batch of a breach's customers, one message each, however many of their cards were exposed. A breach's hundreds of batches are counted in the view's `progress`, not listed among the commitments. */
@Injectable()
export class NotifyCustomersBatchHandler implements EffectHandler<'notifyCustomersBatch'>, OnModuleInit {
  readonly kind = 'notifyCustomersBatch';
  readonly queue = QueueName.Breach;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly batches: BreachBatches,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  execute(effect: Effect<'notifyCustomersBatch'>): Promise<EventInput> {
    return this.batches.notify(effect);
  }

  async giveUp(effect: Effect<'notifyCustomersBatch'>, reason: string): Promise<EventInput> {
    return givenUp('CUSTOMER_BATCH_NOTIFY_FAILED', effect, reason);
  }

  attention(p: EffectParams['notifyCustomersBatch'], reason: string, locale: Locale): AttentionWords {
    return WORDS[locale](p, reason);
  }
}
