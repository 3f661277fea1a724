import { Injectable, OnModuleInit } from '@nestjs/common';
import { type SectionInput, type ViewSection, ViewSections } from '../incidents/view-section.js';
import { MASS_COMPROMISE_PLAYBOOK } from '../playbooks/catalog/incident-context.js';
import { breachFigures, type BreachProgress, BREACH_CARD_COUNTS } from './breach-progress.js';

declare module '../incidents/view-section.js' {
  interface ContributedSections {
    /** Only for a merchant breach (mass-compromise), whose cards are counted here rather than listed in `cards`. */
    progress?: BreachProgress;
  }
}

type CardCounts = Omit<BreachProgress, 'customers' | 'batches'>;

/** A breach's progress in the incident view: its cards counted in one pass, its batches from the incident. Other incidents have none. */
@Injectable()
export class BreachProgressSection implements ViewSection<'progress', CardCounts | undefined>, OnModuleInit {
  readonly key = 'progress';
  readonly after = 'timeline';
  readonly order = 10;

  constructor(private readonly sections: ViewSections) {}

  onModuleInit(): void {
    this.sections.register(this);
  }

  /** Counted only for a breach: the other playbooks' incidents have no cards' rows to count. */
  readonly read = `CASE WHEN i.playbook_id = '${MASS_COMPROMISE_PLAYBOOK}' THEN ${BREACH_CARD_COUNTS} END`;

  load(counts: CardCounts | null): CardCounts | undefined {
    return counts ?? undefined;
  }

  render(counts: CardCounts | undefined, { incident }: SectionInput): BreachProgress | undefined {
    const { breach } = incident.snapshot.context;
    return counts && breach ? { ...counts, ...breachFigures(breach) } : undefined;
  }
}
