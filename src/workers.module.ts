import { Module } from '@nestjs/common';
import { EffectObserver, EffectReporter } from './effects/effect-reporter.js';
import { EffectRunner } from './effects/effect-runner.js';
import { BreachProcessor, CardActionsProcessor, NotificationsProcessor, ProtectionProcessor, ReissueProcessor, TimersProcessor } from './effects/effect.processors.js';
import { OutboxSweeper } from './effects/outbox-sweeper.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { IncidentsService } from './incidents/incidents.service.js';
import { Metrics } from './metrics/metrics.js';

/** Consumes the effect queues; loaded when ROLE is `worker` or `all`. Effects report to their incident through `send()`. */
@Module({
  imports: [IncidentsModule],
  providers: [
    EffectRunner,
    OutboxSweeper,
    { provide: EffectReporter, useExisting: IncidentsService },
    { provide: EffectObserver, useExisting: Metrics },
    ProtectionProcessor,
    CardActionsProcessor,
    ReissueProcessor,
    NotificationsProcessor,
    TimersProcessor,
    BreachProcessor,
  ],
})
export class WorkersModule {}
