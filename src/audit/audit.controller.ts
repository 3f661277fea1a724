import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LifelineError } from '../common/lifeline.error.js';
import { caseFileHtml, type CaseFile, type DisputeRecord } from './case-file.js';
import { DisputeQueryDto } from './dto/dispute-query.dto.js';
import { type Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { AuditService } from './audit.service.js';
import type { CardActionPage } from './card-action.view.js';
import { CardActionQueryDto } from './dto/card-action-query.dto.js';
import type { AuditVerification } from './audit-chain.js';

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

  @Get('disputes')
  disputes(@Query() query: DisputeQueryDto, @CurrentActor() reader: Actor): Promise<{ disputes: DisputeRecord[] }> {
    return this.audit.disputes(query, reader);
  }

  @Get('verify')
  verify(@CurrentActor() reader: Actor): Promise<AuditVerification> {
    return this.audit.verify(reader);
  }

  /** One document per incident for risk: JSON, or a printable page with `Accept: text/html` or `?format=html`. */
  @Get('incidents/:id/case-file')
  async caseFile(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new LifelineError('bad_request', 'id must be an incident id (a UUID)') })) id: string,
    @Query('format') format: string | undefined,
    @CurrentActor() reader: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseFile | string> {
    if (format !== undefined && format !== 'html' && format !== 'json') throw new LifelineError('bad_request', 'format must be html or json');
    const file = await this.audit.caseFile(id, reader);
    const html = format === 'html' || (format === undefined && request.accepts(['application/json', 'text/html']) === 'text/html');
    if (!html) return file;
    response.type('text/html; charset=utf-8');
    return caseFileHtml(file);
  }
}
