import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { type Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { AlertQueryDto } from './dto/alert-query.dto.js';
import { SupervisorAlerts, SupervisorAlertView } from './supervisor-alerts.js';

/** Promises the bank did not keep in time, for supervisors to take up (who may call: src/auth/access-matrix.ts). */
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: SupervisorAlerts) {}

  @Get()
  async list(@Query() query: AlertQueryDto): Promise<{ alerts: SupervisorAlertView[] }> {
    return { alerts: await this.alerts.list(query) };
  }

  @Post(':id/ack')
  @HttpCode(200)
  acknowledge(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string, @CurrentActor() actor: Actor): Promise<SupervisorAlertView> {
    return this.alerts.acknowledge(id, actor);
  }
}
