import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LifelineError } from '../common/lifeline.error.js';
import { AppConfig } from '../config/app-config.js';
import { parseContactHours } from '../playbooks/catalog/field-rules.js';
import { CommitmentEntity } from '../commitments/commitment.entity.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { EffectEntity } from '../effects/effect.entity.js';
import { FollowUpEntity } from '../follow-ups/follow-up.entity.js';
import { LiabilityRules } from '../liability/liability-rules.js';
import { countBreachCards } from '../mass-compromise/breach-progress.js';
import { bankListsOffered } from '../playbooks/guidance.js';
import { PlaybookRegistry } from '../playbooks/playbook-registry.js';
import { FieldOptions } from './field-options.js';
import { IncidentEventEntity } from './incident-event.entity.js';
import { IncidentEntity } from './incident.entity.js';
import { buildIncidentView, IncidentView } from './incident.view.js';

/** Reads an incident as operators, risk and fraud engines see it. */
@Injectable()
export class IncidentViews {
  constructor(
    private readonly dataSource: DataSource,
    private readonly playbooks: PlaybookRegistry,
    private readonly liability: LiabilityRules,
    private readonly handlers: EffectHandlers,
    private readonly config: AppConfig,
    private readonly fieldOptions: FieldOptions,
  ) {}

  async view(incidentId: string): Promise<IncidentView> {
    const incident = await this.dataSource.getRepository(IncidentEntity).findOneBy({ id: incidentId });
    if (!incident) throw new LifelineError('not_found', `No incident ${incidentId}`);
    const [playbook, events, effects, commitments, followUp, progress] = await Promise.all([
      this.playbooks.version(incident.playbookHash),
      this.dataSource.getRepository(IncidentEventEntity).find({ where: { incidentId }, order: { seq: 'ASC' } }),
      this.dataSource.getRepository(EffectEntity).find({ where: { incidentId }, order: { createdAt: 'ASC', kind: 'ASC' } }),
      this.dataSource.getRepository(CommitmentEntity).find({ where: { incidentId }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.dataSource.getRepository(FollowUpEntity).findOneBy({ incidentId }),
      incident.snapshot.context.breach ? countBreachCards(this.dataSource.manager, incidentId) : undefined,
    ]);
    const now = new Date();
    const offered = incident.status === 'open' ? bankListsOffered(playbook.definition, incident.state) : { branches: false, addressOnFile: false };
    const [branches, addressOnFile] = await Promise.all([
      offered.branches ? this.fieldOptions.choices('branches') : null,
      offered.addressOnFile ? this.fieldOptions.addressOnFile(incident.customerRef) : null,
    ]);
    const liability = this.liability.clock(incident.jurisdiction, incident.notifiedAt, now, incident.locale);
    return buildIncidentView(incident, playbook, events, effects, { commitments, followUp, liability, now }, this.handlers, progress, {
      contactHours: parseContactHours(this.config.CONTACT_HOURS) ?? undefined,
      ...(branches && { branches }),
      ...(addressOnFile && { addressOnFile }),
    });
  }
}
