import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LifelineError } from '../common/lifeline.error.js';
import { AppConfig } from '../config/app-config.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { EFFECT_JSON } from '../effects/effect.entity.js';
import { parseContactHours } from '../playbooks/catalog/field-rules.js';
import { bankListsOffered, type FieldSettings } from '../playbooks/guidance.js';
import { PlaybookRegistry } from '../playbooks/playbook-registry.js';
import { FieldOptions } from './field-options.js';
import { EVENT_JSON } from './incident-event.entity.js';
import { INCIDENT_JSON, type IncidentEntity } from './incident.entity.js';
import { buildIncidentView, IncidentView } from './incident.view.js';
import { type ViewSection, ViewSections } from './view-section.js';

/** Reads an incident as operators, risk and fraud engines see it. */
@Injectable()
export class IncidentViews {
  private statement?: { sections: number; sql: string };

  constructor(
    private readonly dataSource: DataSource,
    private readonly playbooks: PlaybookRegistry,
    private readonly handlers: EffectHandlers,
    private readonly sections: ViewSections,
    private readonly config: AppConfig,
    private readonly fieldOptions: FieldOptions,
  ) {}

  async view(incidentId: string): Promise<IncidentView> {
    const sections = this.sections.all();
    const [row] = await this.dataSource.query(this.read(sections), [incidentId]);
    if (!row) throw new LifelineError('not_found', `No incident ${incidentId}`);
    const incident = INCIDENT_JSON.revive(row.incident);
    const events = (row.events as Record<string, unknown>[]).map((e) => EVENT_JSON.revive(e));
    const effects = (row.effects as Record<string, unknown>[]).map((e) => EFFECT_JSON.revive(e));
    const contributed = sections.map((section, i) => ({ section, loaded: section.load(row[`section_${i}`]) }));
    const playbook = await this.playbooks.version(incident.playbookHash);
    return buildIncidentView(incident, playbook, events, effects, this.handlers, contributed, new Date(), await this.fieldSettings(incident, playbook.definition), {
      cardProcessingHotline: this.config.CARD_PROCESSING_HOTLINE,
    });
  }

  /**
   * The view's one statement: the incident, its events and effects, and a column per section, as JSON. Built once
   * the sections have registered (they do at init), the same for every incident.
   */
  private read(sections: readonly ViewSection[]): string {
    if (this.statement?.sections !== sections.length) {
      const columns = sections.map((section, i) => `${section.read ?? 'NULL'} AS section_${i}`);
      const sql = `SELECT ${[
        `${INCIDENT_JSON.object('i')} AS incident`,
        `${EVENT_JSON.rows('e', 'e.incident_id = i.id', 'e.seq')} AS events`,
        `${EFFECT_JSON.rows('f', 'f.incident_id = i.id', 'f.created_at, f.kind')} AS effects`,
        ...columns,
      ].join(',\n       ')}\n  FROM ${INCIDENT_JSON.table} i WHERE i.id = $1`;
      this.statement = { sections: sections.length, sql };
    }
    return this.statement.sql;
  }

  /** What the step's forms are shown with: the contact hours, and the bank's lists the step offers (asked of core banking, kept a while). */
  private async fieldSettings(incident: IncidentEntity, definition: Parameters<typeof bankListsOffered>[0]): Promise<FieldSettings> {
    const offered = incident.status === 'open' ? bankListsOffered(definition, incident.state) : { branches: false, addressOnFile: false };
    const [branches, addressOnFile] = await Promise.all([
      offered.branches ? this.fieldOptions.choices('branches') : null,
      offered.addressOnFile ? this.fieldOptions.addressOnFile(incident.customerRef) : null,
    ]);
    return { contactHours: parseContactHours(this.config.CONTACT_HOURS) ?? undefined, ...(branches && { branches }), ...(addressOnFile && { addressOnFile }) };
  }
}
