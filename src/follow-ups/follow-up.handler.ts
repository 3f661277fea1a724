import { Injectable, OnModuleInit } from '@nestjs/common';
import { type Effect, type EffectHandler, givenUp } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import { FollowUps } from './follow-ups.js';

/** A while after resolution, asks the customer how it went. */
@Injectable()
export class FollowUpHandler implements EffectHandler<'followUp'>, OnModuleInit {
  readonly kind = 'followUp';
  readonly queue = QueueName.Notifications;

  constructor(
    private readonly handlers: EffectHandlers,
    private readonly followUps: FollowUps,
  ) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  execute(effect: Effect<'followUp'>): Promise<EventInput> {
    return this.followUps.send(effect);
  }

  async giveUp(effect: Effect<'followUp'>, reason: string): Promise<EventInput> {
    return givenUp('FOLLOW_UP_FAILED', effect, reason);
  }
}
