import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config.js';
import { loadJurisdictionRules, validateJurisdictionRules } from './jurisdiction-rules.js';
import { LiabilityRules } from './liability-rules.js';

const deadline = (extra: Record<string, unknown> = {}) => ({
  rule: 'refund',
  within: { days: 1 },
  refundDecision: true,
  what: { en: 'The bank refunds by the next day.', ru: 'Банк возвращает деньги на следующий день.' },
  ...extra,
});
const rulesWith = (jurisdiction: Record<string, unknown>, code = 'RU') => ({
  jurisdictions: { [code]: { name: { en: 'Russia', ru: 'Россия' }, timeZone: 'Europe/Moscow', deadlines: [deadline()], ...jurisdiction } },
});
const problemsOf = (raw: unknown) => validateJurisdictionRules(raw).problems;

describe('the jurisdiction rules file', () => {
  it('ships valid rules for the US (Regulation E tiers), the EU (PSD2) and Russia (161-FZ)', () => {
    const { rules, problems } = loadJurisdictionRules();
    expect(problems).toEqual([]);
    expect(Object.keys(rules!).sort()).toEqual(['EU', 'RU', 'US']);
    const us = Object.fromEntries(rules!.US.deadlines.map((d) => [d.rule, d]));
    expect(us['reg-e-liability-50']).toMatchObject({ within: { businessDays: 2 }, maxLiability: { amount: 50, currency: 'USD' } });
    expect(us['reg-e-liability-500']).toMatchObject({ within: { days: 60 }, maxLiability: { amount: 500, currency: 'USD' } });
    expect(us['reg-e-investigation']).toMatchObject({ within: { businessDays: 10 }, refundDecision: true });
    expect(rules!.EU.deadlines.find((d) => d.refundDecision)).toMatchObject({ rule: 'psd2-refund', within: { businessDays: 1 } });
    expect(rules!.RU.deadlines.find((d) => d.rule === 'fz161-notice')).toMatchObject({ within: { days: 1 } });
    expect(rules!.RU.deadlines.find((d) => d.refundDecision)).toMatchObject({ rule: 'fz161-review', within: { days: 30 } });
  });

  it('accepts a minimal jurisdiction', () => {
    expect(problemsOf(rulesWith({}))).toEqual([]);
  });

  it.each([
    ['no jurisdictions at all', { jurisdictions: {} }, /`jurisdictions` must map/],
    ['a code that is not two capital letters', rulesWith({}, 'ru'), /jurisdiction ru: the code must be two capital letters/],
    ['a name without Russian', rulesWith({ name: { en: 'Russia' } }), /jurisdiction RU name: missing `ru` text/],
    ['an unknown time zone', rulesWith({ timeZone: 'Mars/Olympus' }), /`timeZone` must be an IANA time zone/],
    ['an unknown key', rulesWith({ holidays: [] }), /unknown key `holidays`/],
    ['no deadlines', rulesWith({ deadlines: [] }), /`deadlines` must list at least one deadline/],
    ['a deadline without English', rulesWith({ deadlines: [deadline({ what: { ru: 'Срок' } })] }), /deadline refund what: missing `en` text/],
    ['two units in `within`', rulesWith({ deadlines: [deadline({ within: { days: 1, hours: 2 } })] }), /`within` must be one of/],
    ['a negative period', rulesWith({ deadlines: [deadline({ within: { businessDays: -2 } })] }), /`within` must be one of/],
    ['an unknown unit', rulesWith({ deadlines: [deadline({ within: { weeks: 2 } })] }), /`within` must be one of/],
    ['a cap without a currency', rulesWith({ deadlines: [deadline({ maxLiability: { amount: 50 } })] }), /`maxLiability` must be/],
    ['a rule listed twice', rulesWith({ deadlines: [deadline(), deadline({ refundDecision: undefined })] }), /rule `refund` is listed twice/],
    ['no refund-decision deadline', rulesWith({ deadlines: [deadline({ refundDecision: undefined })] }), /exactly one deadline must be marked `refundDecision: true` \(found 0\)/],
    ['two refund-decision deadlines', rulesWith({ deadlines: [deadline(), deadline({ rule: 'other' })] }), /\(found 2\)/],
  ])('refuses %s, saying where and why', (_, raw, problem) => {
    const problems = problemsOf(raw);
    expect(problems.some((p) => problem.test(p))).toBe(true);
  });

  describe('at boot', () => {
    const base = {
      DATABASE_URL: 'postgres://db/lifeline',
      REDIS_URL: 'redis://redis',
      JWT_SECRET: 'a-perfectly-long-secret-for-signing-tokens',
      AUDIT_KEYS: 'k1:an-audit-key-that-is-long-enough-for-hmac',
      AUDIT_KEY_ID: 'k1',
      AUDIT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIJjw+F2ICtLjveSzH5CdAkHBd0/nmbGDYxdssoLKGIjt',
    };
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-rules-'));

    it('serves the default jurisdiction, and refuses an unknown one for an incident', () => {
      const rules = new LiabilityRules(loadConfig({ ...base, DEFAULT_JURISDICTION: 'EU' }));
      expect(rules.jurisdictionFor()).toBe('EU');
      expect(rules.jurisdictionFor('US')).toBe('US');
      expect(() => rules.jurisdictionFor('XX')).toThrow('Unknown jurisdiction XX');
    });

    it('refuses to start when DEFAULT_JURISDICTION is not in the rules', () => {
      expect(() => new LiabilityRules(loadConfig({ ...base, DEFAULT_JURISDICTION: 'DE' }))).toThrow(/DEFAULT_JURISDICTION DE is not in the file \(known: US, EU, RU\)/);
    });

    it('refuses to start on a broken rules file, one line per problem', () => {
      const file = join(dir, 'broken.yaml');
      writeFileSync(file, 'jurisdictions:\n  RU:\n    name: { en: Russia }\n    timeZone: Europe/Moscow\n    deadlines: []\n');
      expect(() => new LiabilityRules(loadConfig({ ...base, LIABILITY_RULES_FILE: file }))).toThrow(
        /invalid jurisdiction rules in .*broken\.yaml\n {2}- jurisdiction RU: `deadlines` must list at least one deadline/,
      );
      writeFileSync(file, 'jurisdictions: [');
      expect(() => new LiabilityRules(loadConfig({ ...base, LIABILITY_RULES_FILE: file }))).toThrow(/cannot be read as YAML/);
    });
  });
});
