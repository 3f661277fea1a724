import type { Locale } from '../playbooks/playbook.definition.js';
import { addBusinessDays, addDays, endOfDay, localDate } from './business-days.js';
import type { Jurisdiction, Within } from './jurisdiction-rules.js';

/** What the operator and risk read: the deadlines that decide the customer's liability and refunds. */
export interface LiabilityView {
  jurisdiction: string;
  name: string;
  notifiedAt: string;
  deadlines: {
    rule: string;
    what: string;
    by: string;
    status: 'upcoming' | 'passed';
    maxLiability?: { amount: number; currency: string };
  }[];
}

/** When a deadline falls, counted from the notification in the jurisdiction's time zone. */
export function deadlineAfter(notifiedAt: Date, within: Within, timeZone: string): Date {
  if ('hours' in within) return new Date(notifiedAt.getTime() + within.hours * 3_600_000);
  const day = localDate(notifiedAt, timeZone);
  return endOfDay('days' in within ? addDays(day, within.days) : addBusinessDays(day, within.businessDays), timeZone);
}

/** Pure: the same notification, rules and clock always give the same deadlines. */
export function liabilityClock(code: string, jurisdiction: Jurisdiction, notifiedAt: Date, now: Date, locale: Locale): LiabilityView {
  return {
    jurisdiction: code,
    name: jurisdiction.name[locale],
    notifiedAt: notifiedAt.toISOString(),
    deadlines: jurisdiction.deadlines.map((d) => {
      const by = deadlineAfter(notifiedAt, d.within, jurisdiction.timeZone);
      return {
        rule: d.rule,
        what: d.what[locale],
        by: by.toISOString(),
        status: now.getTime() > by.getTime() ? 'passed' : 'upcoming',
        ...(d.maxLiability && { maxLiability: d.maxLiability }),
      };
    }),
  };
}
