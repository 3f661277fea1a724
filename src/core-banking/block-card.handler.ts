import { Injectable, OnModuleInit } from '@nestjs/common';
import { OWNERS } from '../commitments/commitment-words.js';
import { AppConfig } from '../config/app-config.js';
import { cardList } from '../playbooks/words/spoken.js';
import { CoreBankingError, CoreBankingPort } from './core-banking.port.js';
import { type AttentionWords, type Effect, type EffectHandler, givenUp, progressOf, type UnderWay } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import { type IncidentContext, isUnlistedCard } from '../playbooks/catalog/incident-context.js';
import type { Locale } from '../playbooks/playbook.definition.js';

/** The numbers an operator calls when core banking fails them, from config. */
interface OperatorNumbers {
  cardProcessingHotline: string;
  fraudDesk: string;
}

/** en "ending 1111" / ru «с последними цифрами 1111», to follow "card" / «карты». */
const card = (p: { last4?: string }, locale: Locale = 'en') => (locale === 'ru' ? `с последними цифрами ${p.last4 ?? '????'}` : `ending ${p.last4 ?? '????'}`);

/** The cards whose block or freeze still stands failed now (this one at least), with the words for what failed. */
function stillFailed(p: EffectParams['blockCard'], context: IncidentContext | undefined) {
  const failed = context?.cards.filter((c) => c.status === 'block_failed' || c.status === 'freeze_failed') ?? [];
  const cards = failed.length > 0 ? failed : [{ last4: p.last4 }];
  // The gravest first: a block that failed outranks a freeze.
  const freezeOnly = failed.length > 0 ? failed.every((c) => c.status === 'freeze_failed') : p.mode === 'freeze';
  return { cards, freezeOnly };
}

/** Said to the operator when Lifeline gives up: one say and one do for every card still unprotected, with the numbers to call. */
const WORDS: Record<Locale, (p: EffectParams['blockCard'], reason: string, numbers: OperatorNumbers, context?: IncidentContext) => AttentionWords> = {
  en: (p, reason, n, context) => {
    const { cards, freezeOnly } = stillFailed(p, context);
    const what = freezeOnly ? 'freeze' : 'block';
    return {
      failed: `Core banking did not confirm the ${p.mode === 'freeze' ? 'freeze' : 'block'} of the card ${card(p)} (${reason}).`,
      say: `The ${what} of your ${cardList(cards, 'en')} is not confirmed yet. I am doing it again right now, by phone with our card processing centre if needed, and I will tell you as soon as it is done.`,
      do:
        `Core banking did not confirm the ${what} of the ${cardList(cards, 'en')}. Retry it once. If it fails again, call card processing on ${n.cardProcessingHotline}, ` +
        `${what} the card by phone and record their reference. If they cannot, call the fraud desk on ${n.fraudDesk}. A supervisor has been alerted.`,
    };
  },
  ru: (p, reason, n, context) => {
    const { cards, freezeOnly } = stillFailed(p, context);
    const what = freezeOnly ? 'заморозка' : 'блокировка';
    const doIt = freezeOnly ? 'заморозьте' : 'заблокируйте';
    return {
      failed: `Процессинг не подтвердил ${p.mode === 'freeze' ? 'заморозку' : 'блокировку'} карты ${card(p, 'ru')} (${reason}).`,
      say: `${freezeOnly ? 'Заморозка' : 'Блокировка'} карты ${cardList(cards, 'ru')} пока не подтверждена. Я прямо сейчас повторяю её, при необходимости — по телефону через наш процессинговый центр, и сразу скажу вам, когда всё будет готово.`,
      do:
        `Банковская система не подтвердила: ${what} карты ${cardList(cards, 'ru')}. Повторите один раз. Если снова не удалось — позвоните в процессинг по номеру ${n.cardProcessingHotline}, ` +
        `${doIt} карту по телефону и внесите номер обращения. Если процессинг не может помочь, позвоните во фрод-службу по номеру ${n.fraudDesk}. Супервизор уже оповещён.`,
    };
  },
};

/** Blocks or freezes one card at core banking. */
@Injectable()
export class BlockCardHandler implements EffectHandler<'blockCard'>, OnModuleInit {
  readonly kind = 'blockCard';
  readonly queue = QueueName.Protection;
  /** An unprotected card is money at risk: nothing is graver. */
  readonly urgency = 0;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly coreBanking: CoreBankingPort,
    private readonly config: AppConfig,
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

  attention(p: EffectParams['blockCard'], reason: string, locale: Locale, context?: IncidentContext): AttentionWords {
    return WORDS[locale](p, reason, { cardProcessingHotline: this.config.CARD_PROCESSING_HOTLINE, fraudDesk: this.config.FRAUD_DESK_PHONE }, context);
  }
}
