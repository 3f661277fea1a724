import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EffectHandlers } from '../effects/effect-handlers.js';
import type { IncidentEntity } from '../incidents/incident.entity.js';
import { type SectionInput, type ViewSection, ViewSections } from '../incidents/view-section.js';
import { CommitmentEntity } from './commitment.entity.js';
import { type Commitment, describeCommitments } from './commitment.view.js';

declare module '../incidents/view-section.js' {
  interface ContributedSections {
    /** What the operator reads to the customer before the call ends: done, under way, and promised by when. */
    commitments: Commitment[];
  }
}

/** The commitments in the incident view: the tracked promises, and each effect's line in its handler's words. */
@Injectable()
export class CommitmentsSection implements ViewSection<'commitments', CommitmentEntity[]>, OnModuleInit {
  readonly key = 'commitments';
  readonly after = 'transactions';
  readonly order = 10;

  constructor(
    private readonly sections: ViewSections,
    private readonly handlers: EffectHandlers,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  load(m: EntityManager, incident: IncidentEntity): Promise<CommitmentEntity[]> {
    return m.getRepository(CommitmentEntity).find({ where: { incidentId: incident.id }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  render(tracked: CommitmentEntity[], { incident, effects, now }: SectionInput): Commitment[] {
    return describeCommitments(effects, incident, tracked, now, this.handlers);
  }
}
