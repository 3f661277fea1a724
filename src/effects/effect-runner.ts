import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { EventInput } from '../playbooks/catalog/events.js';
import { EffectHandlers } from './effect-handlers.js';
import { EffectObserver, EffectReporter } from './effect-reporter.js';
import { Outbox } from './outbox.js';

/** An outside party's error says whether trying again can help (core banking's timeouts can, its refusals cannot). */
const isRetryable = (error: unknown) => !(error instanceof Error && 'retryable' in error && error.retryable === false);

/**
 * Runs one effect through its kind's handler. Safe to call any number of times for the same effect:
 * a finished effect is skipped, and outside parties see the effect id as the idempotency key of every write.
 */
@Injectable()
export class EffectRunner {
  private readonly logger = new Logger(EffectRunner.name);

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: Outbox,
    private readonly handlers: EffectHandlers,
    private readonly reporter: EffectReporter,
    private readonly observer: EffectObserver,
  ) {}

  async run(effectId: string): Promise<void> {
    const effect = await this.outbox.claim(effectId);
    if (!effect) return;
    const handler = this.handlers.of(effect.kind);
    let report: EventInput;
    try {
      report = await handler.execute(effect);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (isRetryable(error) && effect.attempts < this.config.EFFECT_MAX_ATTEMPTS) {
        await this.outbox.fail(effect.id, reason);
        throw error; // BullMQ retries after its backoff
      }
      this.logger.warn(`Effect ${effect.id} (${effect.kind}) given up after ${effect.attempts} attempt(s): ${reason}`);
      await this.reporter.report(effect.incidentId, await handler.giveUp(effect, reason), { effectId: effect.id, status: 'dead', error: reason });
      return;
    }
    await this.reporter.report(effect.incidentId, report, { effectId: effect.id, status: 'succeeded', result: report.data });
    await this.observer.effectReported(effect.incidentId, report.type);
  }
}
