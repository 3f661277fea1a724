import { Injectable } from '@nestjs/common';
import type { EffectEntity } from '../effects/effect.entity.js';
import type { IncidentEntity } from './incident.entity.js';

/**
 * The parts of the incident view that features contribute, by key. Empty here: each feature declares its own
 * key and type beside its section (`declare module '../incidents/view-section.js'`), so the core names none.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the features' declarations
export interface ContributedSections {}

/** What a section reads besides its own rows: the incident, its effects (oldest first), and one clock for the whole view. */
export interface SectionInput {
  incident: IncidentEntity;
  effects: EffectEntity[];
  now: Date;
}

/**
 * A feature's part of the incident view (its promises, its follow-up, its clock, its progress), built from its own
 * tables. The view is one statement: each section adds one column to it (`read`), and `render` is pure.
 */
export interface ViewSection<K extends keyof ContributedSections = keyof ContributedSections, Loaded = unknown> {
  readonly key: K;
  /** Placed in the view right after this field of the core's, in `order` among sections sharing it (the JSON keeps one shape). */
  readonly after: 'transactions' | 'timeline';
  readonly order: number;
  /**
   * The section's column in the view's one read, or null when it reads nothing: a SQL expression returning JSON over
   * the incident's row `i` (a subquery on the feature's own table, such as `EntityJson.rows(…, 'x.incident_id = i.id', …)`).
   * It must name no parameter: the statement is the same for every incident.
   */
  readonly read: string | null;
  /** What `read` returned, parsed from its JSON (null when it reads nothing). */
  load(json: unknown): Loaded;
  /** `undefined` leaves the key out of the view (a section only some playbooks have). */
  render(loaded: Loaded, input: SectionInput): ContributedSections[K] | undefined;
}

/** The sections, added by their own modules at init, like the participants in `send()`. */
@Injectable()
export class ViewSections {
  private readonly sections: ViewSection[] = [];

  register<K extends keyof ContributedSections, Loaded>(section: ViewSection<K, Loaded>): void {
    if (this.sections.some((s) => s.key === section.key)) throw new Error(`Two sections of the incident view named ${String(section.key)}`);
    this.sections.push(section as unknown as ViewSection);
    this.sections.sort((a, b) => a.order - b.order);
  }

  all(): readonly ViewSection[] {
    return this.sections;
  }
}
