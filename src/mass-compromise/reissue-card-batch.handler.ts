import { Injectable, OnModuleInit } from '@nestjs/common';
import { type AttentionWords, type Effect, type EffectHandler, givenUp } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import type { Locale } from '../playbooks/playbook.definition.js';
import { BreachBatches } from './breach-batches.js';

/** Said to the operator when Lifeline gives up. */
const WORDS: Record<Locale, (p: EffectParams['reissueCardBatch'], reason: string) => AttentionWords> = {
  en: (p, reason) => ({
    failed: `The new cards of batch ${p.batch} of the breach were not ordered (${reason}).`,
    say: 'Your card is blocked and safe; we will confirm the date of your new card in a message.',
    do: 'Ask a supervisor to retry the batch, or order its cards manually in core banking.',
  }),
  ru: (p, reason) => ({
    failed: `Новые карты из утечки не заказаны, партия № ${p.batch} (${reason}).`,
    say: 'Ваша карта заблокирована и в безопасности; дату выпуска новой карты мы сообщим в сообщении.',
    do: 'Попросите супервизора повторить партию или оформите перевыпуск её карт вручную в АБС.',
  }),
};

/** Orders new cards for a batch of a breach's blocked cards. A breach's hundreds of batches are counted in the view's `progress`, not listed among the commitments. */
@Injectable()
export class ReissueCardBatchHandler implements EffectHandler<'reissueCardBatch'>, OnModuleInit {
  readonly kind = 'reissueCardBatch';
  readonly queue = QueueName.Breach;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly batches: BreachBatches,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  execute(effect: Effect<'reissueCardBatch'>): Promise<EventInput> {
    return this.batches.reissue(effect);
  }

  async giveUp(effect: Effect<'reissueCardBatch'>, reason: string): Promise<EventInput> {
    await this.batches.giveUpReissues(effect, reason);
    return givenUp('CARD_BATCH_REISSUE_FAILED', effect, reason);
  }

  attention(p: EffectParams['reissueCardBatch'], reason: string, locale: Locale): AttentionWords {
    return WORDS[locale](p, reason);
  }
}
