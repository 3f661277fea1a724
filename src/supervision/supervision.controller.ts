import { Controller, Get, Req } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '../auth/principal.js';
import { SupervisionOverview, SupervisionOverviewReader } from './supervision-overview.js';

@Controller('v1/supervision')
export class SupervisionController {
  constructor(private readonly overview: SupervisionOverviewReader) {}

  @Get('overview')
  read(@Req() request: Request & { principal: Principal }): Promise<SupervisionOverview> {
    return this.overview.read(request.principal);
  }
}
