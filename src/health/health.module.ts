import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EffectsModule } from '../effects/effects.module.js';
import { HealthController } from './health.controller.js';
import { ReadShedding } from './read-shedding.js';

/** `/health/live` and `/health/ready`, served by every process (workers on WORKER_HEALTH_PORT), and read shedding under overload. */
@Module({
  // A failing probe is the prober's news; logging it here would repeat it every few seconds.
  imports: [TerminusModule.forRoot({ logger: false }), EffectsModule],
  controllers: [HealthController],
  providers: [ReadShedding],
  exports: [ReadShedding],
})
export class HealthModule {}
