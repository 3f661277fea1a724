import fc from 'fast-check';
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
    ['a sha-256 digest', `ab${VISA}cd${'e'.repeat(44)}`],
    ['an epoch in milliseconds glued to a ref', 'acc-flush-1796157437122'],
    ['a date and time', '2025-03-01T10:00:00.123Z'],
    ['a date and an evening time with its offset', '2026-12-01T23:05:28.123+00:00 order 4412'],
    ['a log line', '2026-12-01 23:05:28 queued 12345'],
    ['a phone number', '+7 916 123-45-67'],
    ['a short reference', 'CP-2025-0042'],
  ])('leaves %s alone', (_, text) => {
    expect(redactCardNumbers(text)).toBe(text);
    expect(containsCardNumber(text)).toBe(false);
  });

  it('masks and refuses the same thing: a Luhn-valid run with an issuer prefix', () => {
    expect(passesLuhn(VISA)).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(containsCardNumber('transaction 4111111111111112')).toBe(false);
    expect(redactCardNumbers('transaction 4111111111111112')).toBe('transaction 4111111111111112');
    // Luhn-valid, but the major industry identifier 1 (airlines; every epoch in ms until 2033) is no bank card.
    expect(passesLuhn('1796157437122')).toBe(true);
    expect(containsCardNumber('1796157437122')).toBe(false);
  });

  it.each([
    ['dots', '4000.1312.3456.7894'],
    ['underscores', '4000_1412_3456_7893'],
    ['glued to letters', 'ref4000151234567892'],
    ['double spaces', '4000  1312  3456  7894'],
    ['tabs', '4000\t1312\t3456\t7894'],
    ['slashes', '4000/1312/3456/7894'],
    ['NBSP', '4000\u00a01312\u00a03456\u00a07894'],
    ['two-digit groups', '40 00 13 12 34 56 78 94'],
    ['fullwidth digits', '４０００１３１２３４５６７８９４'],
    ['Arabic-Indic digits', '٤٠٠٠١٣١٢٣٤٥٦٧٨٩٤'],
    ['in a URL path', 'GET /v1/customers/4000.1312.3456.7894/transactions'],
  ])('finds a card number written with %s', (_, text) => {
    expect(containsCardNumber(text)).toBe(true);
    expect(redactCardNumbers(text)).toContain('[redacted]');
    expect(containsCardNumber(redactCardNumbers(text))).toBe(false);
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

  it('finds a generated card number in every form, and masks it away', () => {
    fc.assert(
      fc.property(cardNumber(), fc.integer({ min: 1, max: 6 }), separator(), fc.constantFrom('', 'ref', 'card_', 'paid with ', 'x'), fc.boolean(), (pan, groupSize, sep, prefix, fullwidth) => {
        const groups = pan.match(new RegExp(`.{1,${groupSize}}`, 'g'))!;
        const written = groups.map((g) => (fullwidth ? [...g].map((d) => String.fromCharCode(0xff10 + Number(d))).join('') : g)).join(sep);
        const text = `${prefix}${written} thanks`;
        expect(containsCardNumber(text)).toBe(true);
        expect(containsCardNumber(redactCardNumbers(text))).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('never takes a reference, an epoch or an order number for a card number', () => {
    fc.assert(
      fc.property(notACardNumber(), fc.constantFrom('acc-flush-', 'order ', 'ORD', 'ts=', ''), (digits, prefix) => {
        const text = `${prefix}${digits}`;
        expect(containsCardNumber(text)).toBe(false);
        expect(redactCardNumbers(text)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});

const digitString = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** A Luhn-valid 13–19 digit number with an issuer prefix 2–6. */
function cardNumber(): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 2, max: 6 }), digitString(11, 17)).map(([mii, body]) => {
    const partial = `${mii}${body}`;
    const check = [...'0123456789'].find((d) => passesLuhn(partial + d))!;
    return partial + check;
  });
}

/** Runs a scanner must not flag: too short, too long to be one number, not Luhn-valid, or with a prefix no issuer uses. */
function notACardNumber(): fc.Arbitrary<string> {
  return fc.oneof(
    digitString(1, 12),
    fc.integer({ min: 1_500_000_000_000, max: 1_999_999_999_999 }).map(String),
    fc.tuple(fc.constantFrom('0', '1', '7', '8', '9'), digitString(12, 18)).map(([mii, body]) => mii + body),
    fc.tuple(fc.integer({ min: 2, max: 6 }), digitString(12, 18)).map(([mii, body]) => `${mii}${body}`).filter((d) => !passesLuhn(d)),
  );
}

function separator(): fc.Arbitrary<string> {
  return fc.constantFrom('', ' ', '-', '.', '_', '/', '  ', '\t', '\u00a0', ' - ', '\u2009');
}
