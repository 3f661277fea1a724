import { Global, Module } from '@nestjs/common';
import { JurisdictionChoice } from '../incidents/jurisdiction-choice.js';
import { LiabilityRules } from './liability-rules.js';
import { LiabilitySection } from './liability.section.js';

/**
 * The liability clock's rules, by jurisdiction, and the clock's section of the incident view.
 * Global: the incidents core asks it which jurisdiction a new incident runs under through its JurisdictionChoice port.
 */
@Global()
@Module({
  providers: [LiabilityRules, LiabilitySection, { provide: JurisdictionChoice, useExisting: LiabilityRules }],
  exports: [LiabilityRules, JurisdictionChoice],
})
export class LiabilityModule {}
