import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityJson } from '../common/entity-json.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { type SectionInput, type ViewSection, ViewSections } from '../incidents/view-section.js';
import { CommitmentEntity } from './commitment.entity.js';
import { type Commitment, describeCommitments } from './commitment.view.js';

declare module '../incidents/view-section.js' {
  interface ContributedSections {
    /** What the operator reads to the customer before the call ends: done, under way, and promised by when. */
    commitments: Commitment[];
  }
}

const COMMITMENTS = new EntityJson(CommitmentEntity);

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

  readonly read = COMMITMENTS.rows('c', 'c.incident_id = i.id', 'c.created_at, c.id');

  load(rows: Record<string, unknown>[]): CommitmentEntity[] {
    return rows.map((row) => COMMITMENTS.revive(row));
  }

  render(tracked: CommitmentEntity[], { incident, effects, now }: SectionInput): Commitment[] {
    return describeCommitments(effects, incident, tracked, now, this.handlers);
  }
}
