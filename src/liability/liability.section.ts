import { Injectable, OnModuleInit } from '@nestjs/common';
import { type SectionInput, type ViewSection, ViewSections } from '../incidents/view-section.js';
import type { LiabilityView } from './liability-clock.js';
import { LiabilityRules } from './liability-rules.js';

declare module '../incidents/view-section.js' {
  interface ContributedSections {
    /** The deadlines for the customer's liability and refunds under the incident's jurisdiction, counted from notifiedAt. */
    liability: LiabilityView;
  }
}

/** The liability clock in the incident view: counted from the rules loaded at boot, no read of its own. */
@Injectable()
export class LiabilitySection implements ViewSection<'liability', void>, OnModuleInit {
  readonly key = 'liability';
  readonly after = 'transactions';
  readonly order = 20;

  constructor(
    private readonly sections: ViewSections,
    private readonly rules: LiabilityRules,
  ) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  readonly read = null;

  load(): void {}

  render(_: void, { incident, now }: SectionInput): LiabilityView {
    return this.rules.clock(incident.jurisdiction, incident.notifiedAt, now, incident.locale);
  }
}
