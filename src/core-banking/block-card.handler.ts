import { Injectable, OnModuleInit } from '@nestjs/common';
import { OWNERS } from '../commitments/commitment-words.js';
import { CoreBankingError, CoreBankingPort } from './core-banking.port.js';
import { type AttentionWords, type Effect, type EffectHandler, givenUp, progressOf, type UnderWay } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import { type IncidentContext, isUnlistedCard } from '../playbooks/catalog/incident-context.js';
import type { Locale } from '../playbooks/playbook.definition.js';

/** en "ending 1111" / ru «с последними цифрами 1111», to follow "card" / «карты». */
const card = (p: { last4?: string }, locale: Locale = 'en') => (locale === 'ru' ? `с последними цифрами ${p.last4 ?? '????'}` : `ending ${p.last4 ?? '????'}`);

/** Said to the operator when Lifeline gives up. */
const WORDS: Record<Locale, (p: EffectParams['blockCard'], reason: string) => AttentionWords> = {
  en: (p, reason) => ({
    failed: `Core banking did not confirm the ${p.mode === 'freeze' ? 'freeze' : 'block'} of the card ${card(p)} (${reason}).`,
    say: 'I am blocking this card by phone with our card processing centre right now; it takes a minute.',
    do: 'Call the card-processing hotline and block the card by phone, then record their reference. A supervisor can also retry the block.',
  }),
  ru: (p, reason) => ({
    failed: `Процессинг не подтвердил ${p.mode === 'freeze' ? 'заморозку' : 'блокировку'} карты ${card(p, 'ru')} (${reason}).`,
    say: 'Я прямо сейчас блокирую эту карту через наш процессинговый центр по телефону, это займёт минуту.',
    do: 'Позвоните на горячую линию процессинга, заблокируйте карту по телефону и запишите номер обращения. Супервизор также может повторить блокировку.',
  }),
};

/** Blocks or freezes one card at core banking. */
@Injectable()
export class BlockCardHandler implements EffectHandler<'blockCard'>, OnModuleInit {
  readonly kind = 'blockCard';
  readonly queue = QueueName.Protection;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly coreBanking: CoreBankingPort,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async execute(effect: Effect<'blockCard'>): Promise<EventInput> {
    const p = effect.params;
    // Known only by its last 4 while core banking was down: there is no ref to ask for; the operator blocks it by phone.
    if (isUnlistedCard(p.cardRef)) throw new CoreBankingError('rejected', 'core banking has not listed this card yet');
    const r = await this.coreBanking.blockCard({ cardRef: p.cardRef, reason: p.reason, mode: p.mode, idempotencyKey: effect.id });
    // What core banking now holds decides the report: a freeze asked of a blocked card comes back blocked.
    const data = { cardRef: r.cardRef, coreRef: r.coreRef, blockedAt: r.at };
    return r.status === 'frozen' ? { type: 'CARD_FROZEN', data } : { type: 'CARD_BLOCKED', data };
  }

  /** A freeze that failed is reported apart from a block that failed: the playbook handles them differently. */
  async giveUp(effect: Effect<'blockCard'>, reason: string): Promise<EventInput> {
    return givenUp(effect.params.mode === 'freeze' ? 'CARD_FREEZE_FAILED' : 'CARD_BLOCK_FAILED', effect, reason);
  }

  settled(p: EffectParams['blockCard'], context: IncidentContext): boolean {
    const status = context.cards.find((c) => c.cardRef === p.cardRef)?.status;
    return status === 'blocked' || (p.mode === 'freeze' && status === 'frozen');
  }

  underWay(effect: Effect<'blockCard'>, context: IncidentContext, locale: Locale): UnderWay {
    const p = effect.params;
    const ru = locale === 'ru';
    const what =
      p.mode === 'freeze' ? (ru ? `Заморозка карты ${card(p, locale)}` : `Freeze the card ${card(p)}`) : ru ? `Блокировка карты ${card(p, locale)}` : `Block the card ${card(p)}`;
    return { what, owner: OWNERS.lifeline[locale], dueBy: effect.createdAt.toISOString(), channel: context.contactChannel, status: progressOf(effect) };
  }

  attention(p: EffectParams['blockCard'], reason: string, locale: Locale): AttentionWords {
    return WORDS[locale](p, reason);
  }
}
