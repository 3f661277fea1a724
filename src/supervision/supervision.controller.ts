import { Controller, Get, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '../auth/principal.js';
import { IncidentFiltersDto } from '../incidents/dto/incident-query.dto.js';
import { SupervisionOverview, SupervisionOverviewReader } from './supervision-overview.js';

@Controller('v1/supervision')
export class SupervisionController {
  constructor(private readonly overview: SupervisionOverviewReader) {}

  /** The list's filters narrow the open incidents shown (the oldest first, at most a page of them); the figures stay whole. */
  @Get('overview')
  read(@Query() filters: IncidentFiltersDto, @Req() request: Request & { principal: Principal }): Promise<SupervisionOverview> {
    return this.overview.read(request.principal, filters);
  }
}
