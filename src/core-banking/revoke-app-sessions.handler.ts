import { Injectable, OnModuleInit } from '@nestjs/common';
import { OWNERS } from '../commitments/commitment-words.js';
import { CoreBankingPort } from './core-banking.port.js';
import { type AttentionWords, type Effect, type EffectHandler, givenUp, progressOf, type UnderWay } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import type { Locale } from '../playbooks/playbook.definition.js';

/** Said to the operator when Lifeline gives up. */
const WORDS: Record<Locale, (p: EffectParams['revokeAppSessions'], reason: string) => AttentionWords> = {
  en: (_, reason) => ({
    failed: `The banking app was not signed out on the lost phone (${reason}).`,
    say: 'I am asking our digital banking desk to sign your phone out right now.',
    do: 'Call the digital banking desk to end the app sessions by hand and record their reference; a supervisor can retry.',
  }),
  ru: (_, reason) => ({
    failed: `Не удалось завершить сессии приложения на утерянном телефоне (${reason}).`,
    say: 'Я прямо сейчас прошу службу дистанционного банкинга завершить все сеансы на вашем телефоне.',
    do: 'Позвоните в службу дистанционного банкинга, завершите сессии вручную и запишите номер обращения; супервизор может повторить.',
  }),
};

/** Signs the customer out of the mobile app on every device. */
@Injectable()
export class RevokeAppSessionsHandler implements EffectHandler<'revokeAppSessions'>, OnModuleInit {
  readonly kind = 'revokeAppSessions';
  readonly queue = QueueName.CardActions;
  /** A stolen phone still signed in can move money. */
  readonly urgency = 1;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly coreBanking: CoreBankingPort,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async execute(effect: Effect<'revokeAppSessions'>): Promise<EventInput> {
    const r = await this.coreBanking.revokeAppSessions({ customerRef: effect.params.customerRef, idempotencyKey: effect.id });
    return { type: 'SESSIONS_REVOKED', data: { revoked: r.revoked, coreRef: r.coreRef, revokedAt: r.at } };
  }

  async giveUp(effect: Effect<'revokeAppSessions'>, reason: string): Promise<EventInput> {
    return givenUp('SESSIONS_REVOKE_FAILED', effect, reason);
  }

  underWay(effect: Effect<'revokeAppSessions'>, context: IncidentContext, locale: Locale): UnderWay {
    const what = locale === 'ru' ? 'Выход из мобильного приложения на всех устройствах' : 'Sign out of the mobile app on every device';
    return { what, owner: OWNERS.lifeline[locale], dueBy: effect.createdAt.toISOString(), channel: context.contactChannel, status: progressOf(effect) };
  }

  attention(p: EffectParams['revokeAppSessions'], reason: string, locale: Locale): AttentionWords {
    return WORDS[locale](p, reason);
  }
}
