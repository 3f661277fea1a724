import { Injectable } from '@nestjs/common';
import { LifelineError } from '../common/lifeline.error.js';
import { AppConfig } from '../config/app-config.js';
import type { JurisdictionChoice } from '../incidents/jurisdiction-choice.js';
import type { Locale } from '../playbooks/playbook.definition.js';
import { JURISDICTION_RULES_FILE, Jurisdiction, JurisdictionRules, loadJurisdictionRules } from './jurisdiction-rules.js';
import { deadlineAfter, liabilityClock, LiabilityView } from './liability-clock.js';

export class InvalidJurisdictionRulesError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Refusing to start: invalid jurisdiction rules in ${file}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidJurisdictionRulesError';
  }
}

/** The configured jurisdiction rules, loaded and checked once at boot. */
@Injectable()
export class LiabilityRules implements JurisdictionChoice {
  private readonly rules: JurisdictionRules;

  constructor(private readonly config: AppConfig) {
    const file = config.LIABILITY_RULES_FILE ?? JURISDICTION_RULES_FILE;
    const loaded = loadJurisdictionRules(file);
    const problems = [...loaded.problems];
    if (loaded.rules && !loaded.rules[config.DEFAULT_JURISDICTION]) {
      problems.push(`DEFAULT_JURISDICTION ${config.DEFAULT_JURISDICTION} is not in the file (known: ${Object.keys(loaded.rules).join(', ')})`);
    }
    if (problems.length > 0) throw new InvalidJurisdictionRulesError(file, problems);
    this.rules = loaded.rules!;
  }

  /** The jurisdiction a new incident runs under: the one asked for, if known, or the bank's default. */
  jurisdictionFor(requested?: string): string {
    const code = requested ?? this.config.DEFAULT_JURISDICTION;
    if (!this.rules[code]) throw new LifelineError('bad_request', `Unknown jurisdiction ${code}`, { known: Object.keys(this.rules) });
    return code;
  }

  clock(code: string, notifiedAt: Date, now: Date, locale: Locale): LiabilityView {
    return liabilityClock(code, this.jurisdiction(code), notifiedAt, now, locale);
  }

  /** When the bank owes the customer a decision on a disputed payment, by law. */
  refundDecisionDue(code: string, notifiedAt: Date): Date {
    const jurisdiction = this.jurisdiction(code);
    const rule = jurisdiction.deadlines.find((d) => d.refundDecision)!;
    return deadlineAfter(notifiedAt, rule.within, jurisdiction.timeZone);
  }

  private jurisdiction(code: string): Jurisdiction {
    const jurisdiction = this.rules[code];
    if (!jurisdiction) throw new Error(`No jurisdiction rules for ${code}`);
    return jurisdiction;
  }
}
