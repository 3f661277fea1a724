import { Controller, Get, Query, Req, StreamableFile } from '@nestjs/common';
import type { Request } from 'express';
import { type Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { AuditService } from './audit.service.js';
import type { CardActionPage } from './card-action.view.js';
import { CardActionQueryDto } from './dto/card-action-query.dto.js';
import type { ChainReport } from './hash-chain.js';

/** The card-action audit trail, for risk teams and supervisors only; every read lands on the access log. */
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /**
   * JSON pages by default; `Accept: text/csv` streams every matching row instead. The header line goes
   * out before the first query, so a failure mid-export cuts the connection and never looks complete.
   */
  @Get('card-actions')
  cardActions(@Query() query: CardActionQueryDto, @CurrentActor() reader: Actor, @Req() request: Request): Promise<CardActionPage> | StreamableFile {
    if (request.accepts(['application/json', 'text/csv']) !== 'text/csv') return this.audit.page(query, reader);
    return new StreamableFile(this.audit.exportCsv(query, reader), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="card-actions.csv"',
    });
  }

  @Get('verify')
  verify(@CurrentActor() reader: Actor): Promise<ChainReport> {
    return this.audit.verify(reader);
  }
}
