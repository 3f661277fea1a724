import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { Allow, CurrentPrincipal } from '../auth/access.decorators.js';
import type { Principal } from '../auth/principal.js';
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
  open(@Body() body: OpenIncidentDto, @CurrentPrincipal() principal: Principal): Promise<IncidentView> {
    return this.incidents.open(body, principal.sub);
  }

  @Get(':id')
  @Allow('operator', 'supervisor', 'risk', 'system')
  get(@Param('id', uuid) id: string): Promise<IncidentView> {
    return this.incidents.view(id);
  }

  @Post(':id/events')
  @HttpCode(200)
  @Allow('operator', 'supervisor', 'system')
  send(@Param('id', uuid) id: string, @Body() body: SendEventDto, @CurrentPrincipal() principal: Principal): Promise<IncidentView> {
    return this.incidents.sendFromApi(id, body.type, body.data ?? {}, principal.sub, body.expectedVersion);
  }
}
