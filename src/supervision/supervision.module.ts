import { Module } from '@nestjs/common';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { SupervisionController } from './supervision.controller.js';
import { SupervisionOverviewReader } from './supervision-overview.js';

/** The supervisor's screen, read from the incidents and commitments (a feature on top of the core). */
@Module({
  imports: [IncidentsModule, CommitmentsModule],
  providers: [SupervisionOverviewReader],
  controllers: [SupervisionController],
})
export class SupervisionModule {}
