import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { Allow } from '../auth/access.decorators.js';
import { type Actor } from './actor.js';
import { CurrentActor } from './current-actor.decorator.js';
import { OpenIncidentDto } from './dto/open-incident.dto.js';
import { SendEventDto } from './dto/send-event.dto.js';
import type { IncidentView } from './incident.view.js';
import { IncidentsService } from './incidents.service.js';

const uuid = new ParseUUIDPipe({ version: '4' });

@Controller('v1/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Post()
  @Allow('operator', 'supervisor', 'system')
  open(@Body() body: OpenIncidentDto, @CurrentActor() actor: Actor): Promise<IncidentView> {
    return this.incidents.open(body, actor);
  }

  @Get(':id')
  @Allow('operator', 'supervisor', 'risk', 'system')
  get(@Param('id', uuid) id: string): Promise<IncidentView> {
    return this.incidents.view(id);
  }

  @Post(':id/events')
  @HttpCode(200)
  @Allow('operator', 'supervisor', 'system')
  send(@Param('id', uuid) id: string, @Body() body: SendEventDto, @CurrentActor() actor: Actor): Promise<IncidentView> {
    return this.incidents.sendFromApi(id, body.type, body.data ?? {}, actor, body.expectedVersion);
  }
}
