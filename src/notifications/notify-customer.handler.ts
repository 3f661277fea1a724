import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OWNERS } from '../commitments/commitment-words.js';
import { IncidentEntity } from '../incidents/incident.entity.js';
import { channelWords } from '../playbooks/words/spoken.js';
import { EffectEntity } from '../effects/effect.entity.js';
import { FACT_WORDS, type MessageFact, messageFacts } from '../playbooks/words/message-facts.js';
import { messageTitle, messageWithheld, renderMessage } from './message-templates.js';
import { NotificationPort } from './notification.port.js';
import { type AttentionWords, type Effect, type EffectHandler, givenUp, progressOf, type TimelineLines, type UnderWay } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import type { Locale } from '../playbooks/playbook.definition.js';

/** Said to the operator when Lifeline gives up. */
const WORDS: Record<Locale, (p: EffectParams['notifyCustomer'], reason: string) => AttentionWords> = {
  en: (p, reason) => ({
    failed: `The message "${messageTitle(p.template, 'en')}" did not reach the customer by ${channelWords(p.contactChannel, 'en')} (${reason}).`,
    say: 'Let me read the key points to you now, so you have them.',
    do: 'Read the commitments to the customer; a supervisor can retry the message.',
  }),
  ru: (p, reason) => ({
    failed: `Сообщение «${messageTitle(p.template, 'ru')}» не дошло до клиента (${reason}).`,
    say: 'Давайте я прямо сейчас продиктую вам главное, чтобы у вас всё было под рукой.',
    do: 'Зачитайте клиенту обязательства банка; супервизор может повторить отправку.',
  }),
};

/** Sends the customer one message, in their language, on the channel they chose. */
@Injectable()
export class NotifyCustomerHandler implements EffectHandler<'notifyCustomer'>, OnModuleInit {
  readonly kind = 'notifyCustomer';
  readonly queue = QueueName.Notifications;
  /** The operator can read the message's points aloud. */
  readonly urgency = 5;
  readonly timeline: TimelineLines = {
    CUSTOMER_NOTIFIED: {
      en: (d) => `Customer notified by ${d.channel} (${d.template})`,
      ru: (d) => `Клиенту отправлено сообщение «${messageTitle(String(d.template), 'ru')}» ${channelWords(String(d.channel), 'ru')}`,
    },
  };

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationPort,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  /**
   * Written when it is sent, from what is really done or under way then (the cards' states, the orders not given up);
   * a message whose facts do not hold is not sent, and the timeline says why.
   */
  async execute(effect: Effect<'notifyCustomer'>): Promise<EventInput> {
    const p = effect.params;
    const incident = await this.dataSource.getRepository(IncidentEntity).findOneByOrFail({ id: effect.incidentId });
    const { context } = incident.snapshot;
    const effects = await this.dataSource.getRepository(EffectEntity).find({ where: { incidentId: incident.id }, select: { kind: true, status: true } });
    const facts = messageFacts(context, effects);
    const missing = messageWithheld(p.template, facts, p.values);
    if (missing.length > 0)
      return { type: 'NOTIFICATION_FAILED', data: { reason: `not sent, as it would state what is not so: ${missing.map((m) => FACT_WORDS[m as MessageFact] ?? m).join(', ')}` } };
    const message = renderMessage(p.template, incident.locale, context, p.values, facts);
    await this.notifications.send({ effectId: effect.id, incidentId: incident.id, customerRef: incident.customerRef, channel: p.contactChannel, template: p.template, message });
    return { type: 'CUSTOMER_NOTIFIED', data: { template: p.template, channel: p.contactChannel } };
  }

  async giveUp(effect: Effect<'notifyCustomer'>, reason: string): Promise<EventInput> {
    return givenUp('NOTIFICATION_FAILED', effect, reason);
  }

  underWay(effect: Effect<'notifyCustomer'>, _context: IncidentContext, locale: Locale): UnderWay {
    const p = effect.params;
    const what = locale === 'ru' ? `Сообщение клиенту: ${messageTitle(p.template, 'ru')}` : `Message to the customer: ${messageTitle(p.template, 'en')}`;
    return { what, owner: OWNERS.lifeline[locale], dueBy: effect.createdAt.toISOString(), channel: p.contactChannel, status: progressOf(effect) };
  }

  attention(p: EffectParams['notifyCustomer'], reason: string, locale: Locale): AttentionWords {
    return WORDS[locale](p, reason);
  }
}
