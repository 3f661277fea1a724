import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { emergencyCashWords, OWNERS } from '../commitments/commitment-words.js';
import { type AttentionWords, type Effect, type EffectHandler, givenUp, type UnderWay } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import { IncidentEntity } from '../incidents/incident.entity.js';
import { renderMessage } from '../notifications/message-templates.js';
import { NotificationPort } from '../notifications/notification.port.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import { formatTime } from '../playbooks/guidance.js';
import type { Locale } from '../playbooks/playbook.definition.js';
import { amountWords, channelWords } from '../playbooks/words/spoken.js';
import { CoreBankingPort } from './core-banking.port.js';

/** Said to the operator when Lifeline gives up. */
const WORDS: Record<Locale, (p: EffectParams['orderEmergencyCash'], reason: string) => AttentionWords> = {
  en: (p, reason) => ({
    failed: `Core banking did not confirm the emergency cash order (${reason}).`,
    say: `The emergency cash order has not gone through yet. We are arranging it, and you get the pick-up code by ${channelWords(p.contactChannel, 'en')} as soon as it is ready.`,
    do: 'Ask a supervisor to retry the order. Do not promise a time until core banking confirms it.',
  }),
  ru: (p, reason) => ({
    failed: `Банковская система не подтвердила заказ экстренных наличных (${reason}).`,
    say: `Заказ экстренных наличных пока не прошёл. Мы его оформляем, а код получения пришлём ${channelWords(p.contactChannel, 'ru')}, как только всё будет готово.`,
    do: 'Попросите супервизора повторить заказ. Не называйте время, пока банковская система его не подтвердит.',
  }),
};

/**
 * Orders emergency cash at core banking and sends the customer its pick-up code, reference and time on
 * the channel they chose: the code lives in that message only (the report carries the reference and time).
 */
@Injectable()
export class OrderEmergencyCashHandler implements EffectHandler<'orderEmergencyCash'>, OnModuleInit {
  readonly kind = 'orderEmergencyCash';
  readonly queue = QueueName.CardActions;
  /** A customer left without money. */
  readonly urgency = 2;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly coreBanking: CoreBankingPort,
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationPort,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async execute(effect: Effect<'orderEmergencyCash'>): Promise<EventInput> {
    const p = effect.params;
    // A retried job gets the same order (and code) back: the effect id is the idempotency key.
    const order = await this.coreBanking.orderEmergencyCash({ customerRef: p.customerRef, idempotencyKey: effect.id });
    const incident = await this.dataSource.getRepository(IncidentEntity).findOneByOrFail({ id: effect.incidentId });
    const { context } = incident.snapshot;
    const locale = incident.locale;
    const message = renderMessage('emergency-cash', locale, context, {
      amount: amountWords(order.amount, order.currency, locale),
      readyAt: formatTime(order.readyAt, locale, context.timeZone),
      pickUpCode: order.pickUpCode,
      reference: order.coreRef,
    });
    await this.notifications.send({
      effectId: effect.id,
      incidentId: incident.id,
      customerRef: incident.customerRef,
      channel: p.contactChannel,
      template: 'emergency-cash',
      message,
    });
    return { type: 'EMERGENCY_CASH_ORDERED', data: { coreRef: order.coreRef, readyAt: order.readyAt, amount: order.amount, currency: order.currency } };
  }

  async giveUp(effect: Effect<'orderEmergencyCash'>, reason: string): Promise<EventInput> {
    return givenUp('EMERGENCY_CASH_FAILED', effect, reason);
  }

  settled(_p: EffectParams['orderEmergencyCash'], context: IncidentContext): boolean {
    return context.emergencyCash?.status === 'ordered' || context.emergencyCash?.status === 'ordering';
  }

  /** Until core banking confirms the order there is no time to promise (once confirmed, it is a watched commitment). */
  underWay(effect: Effect<'orderEmergencyCash'>, _context: IncidentContext, locale: Locale): UnderWay {
    return {
      what: emergencyCashWords()[locale],
      dueBy: null,
      owner: OWNERS.emergencyCash[locale],
      channel: effect.params.contactChannel,
      status: effect.status === 'dead' ? 'failed' : 'in_progress',
    };
  }

  attention(p: EffectParams['orderEmergencyCash'], reason: string, locale: Locale): AttentionWords {
    return WORDS[locale](p, reason);
  }
}
