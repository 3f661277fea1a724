import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { IncidentEntity } from '../incidents/incident.entity.js';
import { type SectionInput, type ViewSection, ViewSections } from '../incidents/view-section.js';
import { FollowUpEntity } from './follow-up.entity.js';
import { describeFollowUp, type FollowUpView } from './follow-up.view.js';

declare module '../incidents/view-section.js' {
  interface ContributedSections {
    /** The post-service follow-up; null until the incident is resolved. */
    followUp: FollowUpView | null;
  }
}

/** The follow-up in the incident view: its effect, and the customer's answer once sent. */
@Injectable()
export class FollowUpSection implements ViewSection<'followUp', FollowUpEntity | null>, OnModuleInit {
  readonly key = 'followUp';
  readonly after = 'transactions';
  readonly order = 30;

  constructor(private readonly sections: ViewSections) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  load(m: EntityManager, incident: IncidentEntity): Promise<FollowUpEntity | null> {
    return m.getRepository(FollowUpEntity).findOneBy({ incidentId: incident.id });
  }

  render(sent: FollowUpEntity | null, { effects }: SectionInput): FollowUpView | null {
    return describeFollowUp(
      effects.find((e) => e.kind === 'followUp'),
      sent,
    );
  }
}
