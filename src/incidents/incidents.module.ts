import { Module } from '@nestjs/common';
import { EffectsModule } from '../effects/effects.module.js';
import { PlaybooksModule } from '../playbooks/playbooks.module.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsService } from './incidents.service.js';

@Module({
  imports: [PlaybooksModule, EffectsModule],
  providers: [IncidentsService],
  controllers: [IncidentsController],
  exports: [IncidentsService],
})
export class IncidentsModule {}
