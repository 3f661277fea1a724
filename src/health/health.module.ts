import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EffectsModule } from '../effects/effects.module.js';
import { PlaybooksModule } from '../playbooks/playbooks.module.js';
import { HealthController } from './health.controller.js';
import { ReadShedding } from './read-shedding.js';
import { StepAdmission } from './step-admission.js';

/** `/health/live` and `/health/ready`, served by every process (workers on WORKER_HEALTH_PORT), read shedding and step admission under overload. */
@Module({
  // A failing probe is the prober's news; logging it here would repeat it every few seconds.
  imports: [TerminusModule.forRoot({ logger: false }), EffectsModule, PlaybooksModule],
  controllers: [HealthController],
  providers: [ReadShedding, StepAdmission],
  exports: [ReadShedding, StepAdmission],
})
export class HealthModule {}
