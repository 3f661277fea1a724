import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { IncidentEntity } from '../incidents/incident.entity.js';
import { type SectionInput, type ViewSection, ViewSections } from '../incidents/view-section.js';
import { breachFigures, type BreachProgress, countBreachCards } from './breach-progress.js';

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

  async load(m: EntityManager, incident: IncidentEntity): Promise<CardCounts | undefined> {
    return incident.snapshot.context.breach ? countBreachCards(m, incident.id) : undefined;
  }

  render(counts: CardCounts | undefined, { incident }: SectionInput): BreachProgress | undefined {
    const { breach } = incident.snapshot.context;
    return counts && breach ? { ...counts, ...breachFigures(breach) } : undefined;
  }
}
