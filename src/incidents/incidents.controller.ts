import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { type Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { AssignIncidentDto } from './dto/assign-incident.dto.js';
import { IncidentFiltersDto, IncidentQueryDto } from './dto/incident-query.dto.js';
import { OpenIncidentDto } from './dto/open-incident.dto.js';
import { SendEventDto } from './dto/send-event.dto.js';
import { SwitchPlaybookDto } from './dto/switch-playbook.dto.js';
import { LifelineError } from '../common/lifeline.error.js';
import type { IncidentView } from './incident.view.js';
import { IncidentPage, IncidentSearch } from './incident-search.js';
import { IncidentViews } from './incident-views.js';
import { IncidentsService } from './incidents.service.js';
import { IncidentStreams } from './live/incident-streams.js';

const uuid = new ParseUUIDPipe({ version: '4' });
type ApiRequest = Request & { principal: Principal };

@Controller('v1/incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly views: IncidentViews,
    private readonly idempotency: IdempotencyService,
    private readonly search: IncidentSearch,
    private readonly streams: IncidentStreams,
  ) {}

  /** Finding an incident again: filters, a stable cursor, and counts for the filters. */
  @Get()
  list(@Query() query: IncidentQueryDto, @Req() request: ApiRequest): Promise<IncidentPage> {
    return this.search.page(query, request.principal);
  }

  /** Server-sent events: each committed change to an incident matching the filters. Declared before `:id`. */
  @Get('stream')
  streamList(@Query() filters: IncidentFiltersDto, @Req() request: ApiRequest, @Res() response: Response): Promise<void> {
    return this.streams.list(response, filters, request.principal);
  }

  /** 201 with a new incident, or 200 with `deduplicated: true`, the one already open and the cards this call added to it. */
  @Post()
  async open(@Body() body: OpenIncidentDto, @CurrentActor() actor: Actor, @Req() request: ApiRequest, @Res() response: Response): Promise<void> {
    await this.idempotency.respond(
      request,
      response,
      async (claim) => {
        const { view, deduplicated, addedCards } = await this.incidents.open(body, actor, claim);
        return deduplicated ? { status: 200, body: { ...view, deduplicated, addedCards } } : { status: 201, body: view };
      },
      (incidentId) => this.views.view(incidentId),
    );
  }

  @Get(':id')
  get(@Param('id', uuid) id: string): Promise<IncidentView> {
    return this.views.view(id);
  }

  /** Server-sent events: the view now, then after every committed change; resumes from `Last-Event-ID`. */
  @Get(':id/stream')
  stream(@Param('id', uuid) id: string, @Headers('last-event-id') lastEventId: string | undefined, @Res() response: Response): Promise<void> {
    return this.streams.incident(response, id, lastEventId);
  }

  /** Takes the incident (no operator named), or a supervisor gives it to an operator. */
  @Post(':id/assign')
  @HttpCode(200)
  assign(@Param('id', uuid) id: string, @Body() body: AssignIncidentDto, @CurrentActor() actor: Actor, @Req() request: ApiRequest): Promise<IncidentView> {
    return this.incidents.assign(id, body.operator, actor, request.principal.roles.includes('supervisor'));
  }

  /** A supervisor gives an effect that was given up (e.g. a card block core banking never confirmed) another run. */
  @Post(':id/effects/:effectId/retry')
  @HttpCode(200)
  retryEffect(@Param('id', uuid) id: string, @Param('effectId', uuid) effectId: string, @CurrentActor() actor: Actor): Promise<IncidentView> {
    return this.incidents.retryEffect(id, effectId, actor);
  }

  /** Cancels the incident and opens the right playbook for the customer, keeping what was done (the new incident's view, 201). */
  @Post(':id/switch')
  switchPlaybook(@Param('id', uuid) id: string, @Body() body: SwitchPlaybookDto, @CurrentActor() actor: Actor): Promise<IncidentView> {
    return this.incidents.switchPlaybook(id, body.playbook, body.reason, actor);
  }

  @Post(':id/events')
  async send(
    @Param('id', uuid) id: string,
    @Body() body: SendEventDto,
    @CurrentActor() actor: Actor,
    @Req() request: ApiRequest,
    @Res() response: Response,
  ): Promise<void> {
    await this.idempotency.respond(
      request,
      response,
      async (claim) => {
        // Closing a customer's case is a person's decision: a fraud engine or core banking cannot cancel it.
        if (body.type === 'CANCEL' && !request.principal.roles.some((r) => r === 'operator' || r === 'supervisor')) {
          throw new LifelineError('forbidden', 'Only an operator or a supervisor can cancel an incident');
        }
        return {
        status: 200,
        body: await this.incidents.sendFromApi(id, body.type, body.data ?? {}, actor, { expectedVersion: body.expectedVersion, claim }),
        };
      },
      (incidentId) => this.views.view(incidentId),
    );
  }
}
