import { LifelineError } from '../common/lifeline.error.js';
import { checkClaims } from './token-claims.js';

const now = Date.UTC(2026, 11, 1, 12);
const exp = now / 1000 + 600;
const rules = { TOKEN_MAX_LIFETIME_SECONDS: 3600 };
const refusal = (claims: Record<string, unknown>, given: Parameters<typeof checkClaims>[1] = rules) => {
  try {
    checkClaims(claims, given, 30, now);
    return null;
  } catch (error) {
    return error instanceof LifelineError ? `${error.status} ${error.message}` : error;
  }
};

describe('token claims', () => {
  it('takes a token with a subject and an expiry within the allowed lifetime', () => {
    expect(refusal({ sub: 'op-1', exp })).toBeNull();
  });

  it('refuses a missing expiry and one beyond the maximum lifetime', () => {
    expect(refusal({ sub: 'op-1' })).toBe('401 Bearer token has no expiry');
    expect(refusal({ sub: 'op-1', exp: Date.UTC(3000, 0, 1) / 1000 })).toBe('401 Bearer token exp is too far ahead: tokens may live at most 3600 s');
  });

  it('checks iss and aud only when configured', () => {
    const strict = { ...rules, JWT_ISSUER: 'https://idp.bank.example', JWT_AUDIENCE: 'lifeline' };
    expect(refusal({ sub: 'op-1', exp, iss: 'https://idp.bank.example', aud: ['console', 'lifeline'] }, strict)).toBeNull();
    expect(refusal({ sub: 'op-1', exp, iss: 'https://evil.example', aud: 'lifeline' }, strict)).toBe('401 Bearer token iss is not the configured issuer');
    expect(refusal({ sub: 'op-1', exp, iss: 'https://idp.bank.example', aud: 'other' }, strict)).toBe('401 Bearer token aud does not name this service');
    expect(refusal({ sub: 'op-1', exp, iss: 'anyone', aud: 'anything' })).toBeNull();
  });

  it('refuses a subject that cannot be stored or that holds a card number', () => {
    expect(refusal({ sub: 'op\u0000', exp })).toMatch(/^401 Bearer token sub holds characters/);
    expect(refusal({ sub: 'op\uD800', exp })).toMatch(/^401 Bearer token sub holds characters/);
    expect(refusal({ sub: 'op-4000.1312.3456.7894', exp })).toBe('401 Bearer token subject looks like a card number');
  });
});
