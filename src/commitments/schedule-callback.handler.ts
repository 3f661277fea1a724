import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Effect, EffectHandler } from '../effects/effect-handler.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { QueueName } from '../effects/queue-name.js';
import type { EventInput } from '../playbooks/catalog/events.js';

/**
 * A callback is a timer: its job is delayed to the agreed time and then says the callback is due.
 * It is watched as a commitment from the moment it is asked for, so it has no line of its own.
 */
@Injectable()
export class ScheduleCallbackHandler implements EffectHandler<'scheduleCallback'>, OnModuleInit {
  readonly kind = 'scheduleCallback';
  readonly queue = QueueName.Timers;

  constructor(private readonly handlers: EffectHandlers) {}

  onModuleInit(): void {
    this.handlers.register(this);
  }

  async execute(effect: Effect<'scheduleCallback'>): Promise<EventInput> {
    return { type: 'CALLBACK_DUE', data: { at: effect.params.at, contactChannel: effect.params.contactChannel } };
  }

  /** A timer given up on names no time, so it moves no step: the callback stays a watched commitment. */
  async giveUp(_effect: Effect<'scheduleCallback'>, reason: string): Promise<EventInput> {
    return { type: 'CALLBACK_DUE', data: { reason } };
  }
}
