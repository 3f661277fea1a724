import { EVENTS, isEventName, type EventData, type EventInput, type EventName } from './events.js';

/**
 * The vocabulary is typed from the one catalog: `tsc` (run by `npm test`) checks every line below,
 * and fails if a `@ts-expect-error` line stops being an error, so a misspelt event can never compile.
 */
describe('the typed event vocabulary', () => {
  it('names only catalog events, with the data each one carries', () => {
    const blocked: EventName = 'CARD_BLOCKED';
    // @ts-expect-error a misspelt event name
    const misspelt: EventName = 'CARD_BLOKED';
    const report: EventInput = { type: 'CARD_BLOCKED', data: { cardRef: 'c1', coreRef: 'cb-1', blockedAt: '2025-01-01T00:00:00Z' } };
    // @ts-expect-error a job report without the card it is about
    const incomplete: EventInput = { type: 'CARD_BLOCKED', data: { coreRef: 'cb-1', blockedAt: '2025-01-01T00:00:00Z' } };
    const reissue: EventData<'REISSUE_REQUESTED'> = { delivery: 'branch', branchId: 'b-7' };
    // @ts-expect-error a choice outside the field's options
    const nowhere: EventData<'REISSUE_REQUESTED'> = { delivery: 'moon' };
    // @ts-expect-error a required field left out
    const noMood: EventData<'CUSTOMER_MOOD'> = {};

    expect([blocked, report.type].every(isEventName)).toBe(true);
    expect([misspelt, incomplete.type].map(isEventName)).toEqual([false, true]);
    expect(EVENTS[reissue.delivery === 'branch' ? 'REISSUE_REQUESTED' : 'CUSTOMER_READY'].fields.map((f) => f.name)).toEqual(['delivery', 'address', 'branchId']);
    expect([nowhere, noMood]).toHaveLength(2);
  });
});
