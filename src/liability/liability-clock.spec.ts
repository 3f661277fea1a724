import { addBusinessDays, endOfDay, localDate } from './business-days.js';
import { loadJurisdictionRules } from './jurisdiction-rules.js';
import { deadlineAfter, liabilityClock, LiabilityView } from './liability-clock.js';

const { rules } = loadJurisdictionRules();
const byRule = (view: LiabilityView) => Object.fromEntries(view.deadlines.map((d) => [d.rule, d]));

describe('business days', () => {
  it('counts Monday to Friday only: Friday plus 2 is Tuesday, Saturday plus 1 is Monday', () => {
    expect(addBusinessDays({ year: 2025, month: 3, day: 7 }, 2)).toEqual({ year: 2025, month: 3, day: 11 });
    expect(addBusinessDays({ year: 2025, month: 3, day: 8 }, 1)).toEqual({ year: 2025, month: 3, day: 10 });
    expect(addBusinessDays({ year: 2025, month: 3, day: 10 }, 0)).toEqual({ year: 2025, month: 3, day: 10 });
  });

  it('takes the calendar day where the jurisdiction is, not in UTC', () => {
    // 01:30 on Saturday in Moscow is still Friday evening in UTC.
    expect(localDate(new Date('2025-03-07T22:30:00Z'), 'Europe/Moscow')).toEqual({ year: 2025, month: 3, day: 8 });
    expect(localDate(new Date('2025-03-08T04:30:00Z'), 'America/New_York')).toEqual({ year: 2025, month: 3, day: 7 });
  });

  it('ends a day at local midnight, on either side of a daylight-saving change', () => {
    expect(endOfDay({ year: 2025, month: 3, day: 7 }, 'America/New_York').toISOString()).toBe('2025-03-08T04:59:59.999Z'); // EST
    expect(endOfDay({ year: 2025, month: 3, day: 11 }, 'America/New_York').toISOString()).toBe('2025-03-12T03:59:59.999Z'); // EDT
    expect(endOfDay({ year: 2025, month: 3, day: 30 }, 'Europe/Brussels').toISOString()).toBe('2025-03-30T21:59:59.999Z'); // the day CEST starts
  });
});

describe('the liability clock', () => {
  it('US (Regulation E): told on a Friday, the 2-business-day $50 tier ends on Tuesday, the investigation 10 business days later', () => {
    const notifiedAt = new Date('2025-03-07T20:00:00Z'); // Friday 15:00 in New York
    const view = liabilityClock('US', rules!.US, notifiedAt, new Date('2025-03-12T12:00:00Z'), 'en');
    const d = byRule(view);

    expect(view).toMatchObject({ jurisdiction: 'US', notifiedAt: '2025-03-07T20:00:00.000Z' });
    expect(d['reg-e-liability-50']).toMatchObject({ by: '2025-03-12T03:59:59.999Z', status: 'passed', maxLiability: { amount: 50, currency: 'USD' } });
    expect(d['reg-e-liability-500']).toMatchObject({ by: '2025-05-07T03:59:59.999Z', status: 'upcoming', maxLiability: { amount: 500, currency: 'USD' } });
    expect(d['reg-e-investigation']).toMatchObject({ by: '2025-03-22T03:59:59.999Z', status: 'upcoming' }); // Friday 21 March
    expect(d['reg-e-investigation-extended']).toMatchObject({ by: '2025-04-22T03:59:59.999Z', status: 'upcoming' });
    expect(d['reg-e-liability-50'].what).toContain('$50');
  });

  it('US: a Friday-evening notice that is Saturday in UTC still ends the $50 tier on Tuesday', () => {
    const view = liabilityClock('US', rules!.US, new Date('2025-03-08T04:30:00Z'), new Date('2025-03-08T05:00:00Z'), 'en');
    expect(byRule(view)['reg-e-liability-50']).toMatchObject({ by: '2025-03-12T03:59:59.999Z', status: 'upcoming' });
  });

  it('EU (PSD2): no liability after the notification; the refund is due by the end of the next business day', () => {
    const notifiedAt = new Date('2025-03-07T16:00:00Z'); // Friday 17:00 in Brussels
    const d = byRule(liabilityClock('EU', rules!.EU, notifiedAt, new Date('2025-03-08T09:00:00Z'), 'en'));
    expect(d['psd2-liability']).toMatchObject({ by: '2025-03-07T16:00:00.000Z', status: 'passed', maxLiability: { amount: 50, currency: 'EUR' } });
    expect(d['psd2-refund']).toMatchObject({ by: '2025-03-10T22:59:59.999Z', status: 'upcoming' }); // Monday
  });

  it('RU (161-FZ): the next-day rule and the 30- and 60-day reviews, in Moscow time, with Russian text', () => {
    const notifiedAt = new Date('2025-03-07T22:30:00Z'); // Saturday 01:30 in Moscow
    const view = liabilityClock('RU', rules!.RU, notifiedAt, new Date('2025-03-10T09:00:00Z'), 'ru');
    const d = byRule(view);
    expect(d['fz161-notice']).toMatchObject({ by: '2025-03-09T20:59:59.999Z', status: 'passed' }); // end of Sunday
    expect(d['fz161-review']).toMatchObject({ by: '2025-04-07T20:59:59.999Z', status: 'upcoming' });
    expect(d['fz161-review-cross-border']).toMatchObject({ by: '2025-05-07T20:59:59.999Z', status: 'upcoming' });
    expect(view.name).toContain('161-ФЗ');
    expect(d['fz161-notice'].what).toMatch(/^О несанкционированной операции/);
  });

  it('is pure: the same notification, rules and clock give the same answer, whatever the real time', () => {
    const args = ['RU', rules!.RU, new Date('2025-03-07T10:00:00Z'), new Date('2025-03-20T10:00:00Z'), 'en'] as const;
    expect(liabilityClock(...args)).toEqual(liabilityClock(...args));
  });

  it('counts exact hours without rounding to the end of a day', () => {
    expect(deadlineAfter(new Date('2025-03-07T10:15:00Z'), { hours: 24 }, 'Europe/Moscow').toISOString()).toBe('2025-03-08T10:15:00.000Z');
  });
});
