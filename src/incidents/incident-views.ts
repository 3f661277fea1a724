import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LifelineError } from '../common/lifeline.error.js';
import { AppConfig } from '../config/app-config.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { EffectEntity } from '../effects/effect.entity.js';
import { parseContactHours } from '../playbooks/catalog/field-rules.js';
import { bankListsOffered, type FieldSettings } from '../playbooks/guidance.js';
import { PlaybookRegistry } from '../playbooks/playbook-registry.js';
import { FieldOptions } from './field-options.js';
import { IncidentEventEntity } from './incident-event.entity.js';
import { IncidentEntity } from './incident.entity.js';
import { buildIncidentView, IncidentView } from './incident.view.js';
import { ViewSections } from './view-section.js';

/** Reads an incident as operators, risk and fraud engines see it. */
@Injectable()
export class IncidentViews {
  constructor(
    private readonly dataSource: DataSource,
    private readonly playbooks: PlaybookRegistry,
    private readonly handlers: EffectHandlers,
    private readonly sections: ViewSections,
    private readonly config: AppConfig,
    private readonly fieldOptions: FieldOptions,
  ) {}

  async view(incidentId: string): Promise<IncidentView> {
    const incident = await this.dataSource.getRepository(IncidentEntity).findOneBy({ id: incidentId });
    if (!incident) throw new LifelineError('not_found', `No incident ${incidentId}`);
    const sections = this.sections.all();
    // The core's reads and one read per feature's section, all at once.
    const [playbook, events, effects, ...loaded] = await Promise.all([
      this.playbooks.version(incident.playbookHash),
      this.dataSource.getRepository(IncidentEventEntity).find({ where: { incidentId }, order: { seq: 'ASC' } }),
      this.dataSource.getRepository(EffectEntity).find({ where: { incidentId }, order: { createdAt: 'ASC', kind: 'ASC' } }),
      ...sections.map((section) => section.load(this.dataSource.manager, incident)),
    ]);
    const contributed = sections.map((section, i) => ({ section, loaded: loaded[i] }));
    return buildIncidentView(incident, playbook, events, effects, this.handlers, contributed, new Date(), await this.fieldSettings(incident, playbook.definition), {
      cardProcessingHotline: this.config.CARD_PROCESSING_HOTLINE,
    });
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
