import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LifelineError } from '../common/lifeline.error.js';
import { EffectHandlers } from '../effects/effect-handlers.js';
import { EffectEntity } from '../effects/effect.entity.js';
import { PlaybookRegistry } from '../playbooks/playbook-registry.js';
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
    return buildIncidentView(incident, playbook, events, effects, this.handlers, contributed, new Date());
  }
}
