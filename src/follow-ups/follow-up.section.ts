import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityJson } from '../common/entity-json.js';
import { type SectionInput, type ViewSection, ViewSections } from '../incidents/view-section.js';
import { FollowUpEntity } from './follow-up.entity.js';
import { describeFollowUp, type FollowUpView } from './follow-up.view.js';

declare module '../incidents/view-section.js' {
  interface ContributedSections {
    /** The post-service follow-up; null until the incident is resolved. */
    followUp: FollowUpView | null;
  }
}

const FOLLOW_UPS = new EntityJson(FollowUpEntity);

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

  readonly read = `(SELECT ${FOLLOW_UPS.object('u')} FROM ${FOLLOW_UPS.table} u WHERE u.incident_id = i.id)`;

  load(row: Record<string, unknown> | null): FollowUpEntity | null {
    return row && FOLLOW_UPS.revive(row);
  }

  render(sent: FollowUpEntity | null, { effects }: SectionInput): FollowUpView | null {
    return describeFollowUp(
      effects.find((e) => e.kind === 'followUp'),
      sent,
    );
  }
}
