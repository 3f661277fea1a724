import { Module } from '@nestjs/common';
import { LiabilityRules } from './liability-rules.js';

/** The liability clock's rules, by jurisdiction. */
@Module({
  providers: [LiabilityRules],
  exports: [LiabilityRules],
})
export class LiabilityModule {}
