import { fieldProblems, type FieldView, parseContactHours, withinContactHours } from './field-rules.js';

const callbackAt: FieldView = {
  name: 'at',
  label: 'Call back at',
  type: 'datetime',
  required: true,
  bounds: { future: true, contactHours: { from: '08:00', to: '21:00', timeZone: 'Europe/Moscow' } },
};
const now = new Date('2026-12-02T09:00:00.000Z'); // 12:00 in Moscow

describe('field rules: the same words for the view, the service and the console', () => {
  it('takes a time in the future and within contact hours on the customer’s clock', () => {
    expect(fieldProblems([callbackAt], { at: '2026-12-02T15:00:00.000Z' }, now)).toEqual([]); // 18:00 in Moscow
    expect(fieldProblems([callbackAt], { at: '2026-12-02T05:00:00.000Z' }, now)).toEqual([{ field: 'at', en: 'must be in the future', ru: 'должно быть в будущем' }]);
    expect(fieldProblems([callbackAt], { at: '2026-12-02T19:30:00.000Z' }, now)).toEqual([
      {
        field: 'at',
        en: "must be within contact hours, 08:00–21:00 in the customer's time zone (Europe/Moscow)",
        ru: 'должно быть в часы связи, 08:00–21:00 по времени клиента (Europe/Moscow)',
      },
    ]); // 22:30 in Moscow
    // The same moment is fine for a customer in New York (14:30 there).
    const newYork = { ...callbackAt, bounds: { future: true as const, contactHours: { from: '08:00', to: '21:00', timeZone: 'America/New_York' } } };
    expect(fieldProblems([newYork], { at: '2026-12-02T19:30:00.000Z' }, now)).toEqual([]);
  });

  it('reads contact hours that span midnight, and refuses what is not two times of day', () => {
    const night = { from: '22:00', to: '06:00', timeZone: 'UTC' };
    expect(withinContactHours(new Date('2026-12-02T23:30:00Z'), night)).toBe(true);
    expect(withinContactHours(new Date('2026-12-02T05:59:00Z'), night)).toBe(true);
    expect(withinContactHours(new Date('2026-12-02T06:00:00Z'), night)).toBe(false);
    expect(parseContactHours('08:00-21:00')).toEqual({ from: '08:00', to: '21:00' });
    expect(parseContactHours('09:00-24:00')).toEqual({ from: '09:00', to: '24:00' });
    for (const bad of ['8-21', '08:00-08:00', '25:00-06:00', '08:00–21:00']) expect(parseContactHours(bad)).toBeNull();
  });

  it('asks for an answer only while the others need it, and names the payments it does not know', () => {
    const fields: FieldView[] = [
      { name: 'delivery', label: 'Deliver to', type: 'choice', required: true, options: ['address', 'branch'] },
      { name: 'address', label: 'Address', type: 'text', required: false, requiredWhen: { delivery: 'address' } },
      { name: 'disputed', label: 'Payments', type: 'multichoice', required: false, options: ['txn_1', 'txn_2'], choices: [] },
    ];
    expect(fieldProblems(fields, { delivery: 'branch' }, now)).toEqual([]);
    expect(fieldProblems(fields, { delivery: 'address', address: '  ' }, now)).toEqual([
      { field: 'address', en: 'is required when delivery is address', ru: 'обязательно, когда delivery = address' },
    ]);
    // A branch is one the bank lists; while it lists none (core banking down), what the operator types.
    const branch: FieldView = { name: 'branchId', label: 'Branch', type: 'text', required: false, requiredWhen: { delivery: 'branch' } };
    expect(fieldProblems([{ ...branch, options: ['SPB-07'] }], { delivery: 'branch', branchId: 'B1' }, now)).toEqual([
      { field: 'branchId', en: 'must be one of SPB-07', ru: 'должно быть одним из: SPB-07' },
    ]);
    expect(fieldProblems([branch], { delivery: 'branch', branchId: 'B1' }, now)).toEqual([]);
    expect(fieldProblems(fields, { delivery: 'branch', disputed: ['txn_2', 'txn_9'] }, now)).toEqual([
      { field: 'disputed', en: 'not among the payments loaded for this incident: txn_9', ru: 'нет среди загруженных операций этого обращения: txn_9', values: ['txn_9'] },
    ]);
  });
});
