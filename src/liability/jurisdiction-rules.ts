import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { LOCALES, type Localized } from '../playbooks/playbook.definition.js';

/** How long after the notification a deadline falls; days end at midnight in the jurisdiction's zone. */
export type Within = { hours: number } | { days: number } | { businessDays: number };

export interface LiabilityDeadline {
  rule: string;
  what: Localized;
  within: Within;
  /** The most the customer can lose in this tier. */
  maxLiability?: { amount: number; currency: string };
  /** The bank's decision on each disputed payment is due by this one. */
  refundDecision?: true;
}

export interface Jurisdiction {
  name: Localized;
  timeZone: string;
  deadlines: LiabilityDeadline[];
}

/** Jurisdictions by code (US, EU, RU, …). */
export type JurisdictionRules = Record<string, Jurisdiction>;

/** The shipped rules file, wherever the code runs from (sources or dist/). */
export const JURISDICTION_RULES_FILE = fileURLToPath(new URL('./jurisdiction-rules.yaml', import.meta.url)).replace(/[\\/]dist([\\/]src[\\/]liability[\\/])/, '$1');

export function loadJurisdictionRules(path: string = JURISDICTION_RULES_FILE): { rules?: JurisdictionRules; problems: string[] } {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { problems: [`${path}: cannot be read as YAML (${(error as Error).message.split('\n')[0]})`] };
  }
  return validateJurisdictionRules(raw);
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const WITHIN_UNITS = ['hours', 'days', 'businessDays'] as const;

/** The parsed file as rules, or one line per problem: a bad rules file stops the service from starting. */
export function validateJurisdictionRules(raw: unknown): { rules?: JurisdictionRules; problems: string[] } {
  const problems: string[] = [];
  const fail = (where: string, message: string) => problems.push(`${where}: ${message}`);
  const unknownKeys = (where: string, o: Obj, allowed: string[]) =>
    Object.keys(o).filter((k) => !allowed.includes(k)).forEach((k) => fail(where, `unknown key \`${k}\``));
  const localized = (where: string, x: unknown): Localized => {
    const text = { en: '', ru: '' };
    if (!isObj(x)) fail(where, `needs text in ${LOCALES.join(' and ')}`);
    else for (const locale of LOCALES) {
      if (typeof x[locale] !== 'string' || (x[locale] as string).trim() === '') fail(where, `missing \`${locale}\` text`);
      else text[locale] = (x[locale] as string).trim();
    }
    return text;
  };

  if (!isObj(raw) || !isObj(raw.jurisdictions) || Object.keys(raw.jurisdictions).length === 0) {
    return { problems: ['rules: `jurisdictions` must map jurisdiction codes (US, EU, RU) to their rules'] };
  }
  unknownKeys('rules', raw, ['jurisdictions']);
  const rules: JurisdictionRules = {};
  for (const [code, j] of Object.entries(raw.jurisdictions)) {
    const at = `jurisdiction ${code}`;
    if (!/^[A-Z]{2}$/.test(code)) fail(at, 'the code must be two capital letters');
    if (!isObj(j)) {
      fail(at, 'must be a mapping with `name`, `timeZone` and `deadlines`');
      continue;
    }
    unknownKeys(at, j, ['name', 'timeZone', 'deadlines']);
    if (typeof j.timeZone !== 'string' || !isTimeZone(j.timeZone)) fail(at, '`timeZone` must be an IANA time zone such as Europe/Moscow');
    if (!Array.isArray(j.deadlines) || j.deadlines.length === 0) {
      fail(at, '`deadlines` must list at least one deadline');
      continue;
    }
    const deadlines = j.deadlines.map((d, i) => deadline(`${at} deadline ${isObj(d) && typeof d.rule === 'string' ? d.rule : i + 1}`, d));
    const rulesSeen = deadlines.map((d) => d.rule);
    rulesSeen.filter((r, i) => rulesSeen.indexOf(r) !== i).forEach((r) => fail(at, `rule \`${r}\` is listed twice`));
    const refundDecisions = deadlines.filter((d) => d.refundDecision).length;
    if (refundDecisions !== 1) fail(at, `exactly one deadline must be marked \`refundDecision: true\` (found ${refundDecisions})`);
    rules[code] = { name: localized(`${at} name`, j.name), timeZone: j.timeZone as string, deadlines };
  }
  return problems.length === 0 ? { rules, problems } : { problems };

  function deadline(at: string, d: unknown): LiabilityDeadline {
    if (!isObj(d)) {
      fail(at, 'must be a mapping with `rule`, `within` and `what`');
      return { rule: '', what: { en: '', ru: '' }, within: { hours: 0 } };
    }
    unknownKeys(at, d, ['rule', 'within', 'what', 'maxLiability', 'refundDecision']);
    if (typeof d.rule !== 'string' || !/^[a-z][a-z0-9-]*$/.test(d.rule)) fail(at, '`rule` must be a kebab-case name');
    const result: LiabilityDeadline = { rule: String(d.rule), what: localized(`${at} what`, d.what), within: within(at, d.within) };
    if (d.maxLiability !== undefined) {
      const cap = d.maxLiability;
      if (!isObj(cap) || typeof cap.amount !== 'number' || cap.amount < 0 || typeof cap.currency !== 'string' || !/^[A-Z]{3}$/.test(cap.currency)) {
        fail(at, '`maxLiability` must be `{ amount: <number ≥ 0>, currency: <ISO code> }`');
      } else result.maxLiability = { amount: cap.amount, currency: cap.currency };
    }
    if (d.refundDecision !== undefined && d.refundDecision !== true) fail(at, '`refundDecision` may only be `true`');
    if (d.refundDecision === true) result.refundDecision = true;
    return result;
  }

  function within(at: string, w: unknown): Within {
    const units = isObj(w) ? Object.keys(w) : [];
    const unit = units[0] as (typeof WITHIN_UNITS)[number];
    const n = isObj(w) ? w[unit] : undefined;
    if (units.length !== 1 || !WITHIN_UNITS.includes(unit) || !Number.isInteger(n) || (n as number) < 0) {
      fail(at, '`within` must be one of { hours: n }, { days: n }, { businessDays: n } with a whole n ≥ 0');
      return { hours: 0 };
    }
    return { [unit]: n } as Within;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
