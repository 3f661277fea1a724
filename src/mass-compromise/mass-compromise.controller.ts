import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import type { Actor } from '../auth/actor.js';
import { CurrentActor } from '../auth/current-actor.decorator.js';
import { IncidentViews } from '../incidents/incident-views.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { MASS_COMPROMISE_PLAYBOOK } from '../playbooks/catalog/incident-context.js';
import { BreachCards } from './breach-cards.js';
import { planBreach } from './breach-plan.js';
import { parseBreachRequest } from './breach-request.js';

/** Its own route: a breach's list of up to 100,000 cards needs a bigger body and a leaner check than `POST /v1/incidents`. */
export const MASS_COMPROMISE_PATH = '/v1/incidents/mass-compromise';

@Controller(MASS_COMPROMISE_PATH.slice(1))
export class MassCompromiseController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly views: IncidentViews,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** 201 with the new incident (its `progress` counts the cards), or 200 with `deduplicated: true` for the breach already open. */
  @Post()
  async open(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() request: Request & { principal: Principal }, @Res() response: Response): Promise<void> {
    const parsed = parseBreachRequest(body);
    await this.idempotency.respond(
      request,
      response,
      async (claim) => {
        const { breachRef, cards, ...settings } = parsed;
        const plan = planBreach(cards);
        // The breach's cards are rows of their own, written in the transaction that opens the incident.
        const breach = {
          counts: plan.counts,
          write: (m: EntityManager, incidentId: string) => new BreachCards(m).insert(incidentId, plan),
          // Re-sent with more cards: the new ones join the breach already open.
          add: (m: EntityManager, incidentId: string) => new BreachCards(m).add(incidentId, cards),
        };
        const command = { playbook: MASS_COMPROMISE_PLAYBOOK, customerRef: breachRef, channel: 'api' as const, cards: [], breach, ...settings };
        const { view, deduplicated, addedCards } = await this.incidents.open(command, actor, claim);
        return deduplicated ? { status: 200, body: { ...view, deduplicated, addedCards } } : { status: 201, body: view };
      },
      (incidentId) => this.views.view(incidentId),
    );
  }
}
