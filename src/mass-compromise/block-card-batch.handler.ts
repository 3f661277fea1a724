import { Injectable, OnModuleInit } from '@nestjs/common';
import { type AttentionWords, type Effect, type EffectHandler, givenUp } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import type { Locale } from '../playbooks/playbook.definition.js';
import { BreachBatches } from './breach-batches.js';

/** Said to the operator when Lifeline gives up. */
const WORDS: Record<Locale, (p: EffectParams['blockCardBatch'], reason: string) => AttentionWords> = {
  en: (p, reason) => ({
    failed: `Core banking did not confirm the blocks of batch ${p.batch} of the breach (${reason}).`,
    say: 'We are blocking your card with our card processing centre right now; your money is protected.',
    do: "Ask a supervisor to retry the batch. If it fails again, send the batch's cards (on the audit trail, by incident) to card processing to block by hand.",
  }),
  ru: (p, reason) => ({
    failed: `Процессинг не подтвердил блокировку карт из утечки, партия № ${p.batch} (${reason}).`,
    say: 'Мы прямо сейчас блокируем вашу карту через процессинговый центр; ваши деньги под защитой.',
    do: 'Попросите супервизора повторить партию. Если снова не удастся, передайте карты партии (в журнале аудита по инциденту) в процессинг для ручной блокировки.',
  }),
};

/** Blocks a batch of a merchant breach's cards in one core-banking call. A breach's hundreds of batches are counted in the view's `progress`, not listed among the commitments. */
@Injectable()
export class BlockCardBatchHandler implements EffectHandler<'blockCardBatch'>, OnModuleInit {
  readonly kind = 'blockCardBatch';
  readonly queue = QueueName.Breach;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly batches: BreachBatches,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  execute(effect: Effect<'blockCardBatch'>): Promise<EventInput> {
    return this.batches.block(effect);
  }

  async giveUp(effect: Effect<'blockCardBatch'>, reason: string): Promise<EventInput> {
    await this.batches.giveUpBlocks(effect, reason);
    return givenUp('CARD_BATCH_BLOCK_FAILED', effect, reason);
  }

  attention(p: EffectParams['blockCardBatch'], reason: string, locale: Locale): AttentionWords {
    return WORDS[locale](p, reason);
  }
}
