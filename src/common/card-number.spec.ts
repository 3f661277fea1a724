import { containsCardNumber, passesLuhn, redactCardNumbers, redactCardNumbersIn } from './card-number.js';

const VISA = '4111111111111111';

describe('card numbers in text', () => {
  it.each([
    [VISA],
    ['4111 1111 1111 1111'],
    ['4111-1111-1111-1111'],
    ['378282246310005'],
    ['3782 822463 10005'],
    [`card_${VISA}`],
    [`paid with ${VISA}, expiry 12/27`],
    [`${VISA} 123`],
    ['4111 1111 1111 1111 12'],
    [`"${VISA}"`],
  ])('finds a card number in %p', (text) => {
    expect(containsCardNumber(text)).toBe(true);
    expect(redactCardNumbers(text)).toContain('[redacted]');
    expect(redactCardNumbers(text).replace(/\D/g, '')).not.toContain('41111111');
  });

  it.each([
    ['a UUID', '12345678-1234-4123-8123-123456789012'],
    ['a UUID with an all-digit head', '41111111-1111-4111-8111-1111a1111111'],
    ['a sha-256 digest', `ab${VISA}cd`],
    ['a date and time', '2025-03-01T10:00:00.123Z'],
    ['a phone number', '+7 916 123-45-67'],
    ['a short reference', 'CP-2025-0042'],
  ])('leaves %s alone', (_, text) => {
    expect(redactCardNumbers(text)).toBe(text);
    expect(containsCardNumber(text)).toBe(false);
  });

  it('masks any 13-digit number, but refuses only one that passes the Luhn check', () => {
    expect(passesLuhn(VISA)).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(containsCardNumber('transaction 4111111111111112')).toBe(false);
    expect(redactCardNumbers('transaction 4111111111111112')).toBe('transaction [redacted]');
  });

  it('masks strings and keys all through a JSON value', () => {
    expect(redactCardNumbersIn({ fields: [{ field: VISA, problems: [`${VISA} should not exist`] }], [VISA]: 1, count: 3 })).toEqual({
      fields: [{ field: '[redacted]', problems: ['[redacted] should not exist'] }],
      '[redacted]': 1,
      count: 3,
    });
  });

  it('takes linear time on a hostile run of short groups', () => {
    const started = Date.now();
    const hostile = '123 '.repeat(65_536);
    expect(containsCardNumber(hostile)).toBe(false);
    redactCardNumbers(hostile);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
