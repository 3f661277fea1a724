/** The tests' secrets, apart from test-env.ts so that unit specs (which have no Redis) can read them too. */
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/** Test audit keys: two HMAC keys (the second current, so rotation is exercised) and an Ed25519 checkpoint key. */
export const TEST_AUDIT_KEYS = {
  AUDIT_KEYS: 'k2025:test-audit-key-2025-long-enough-for-hmac,k2026:test-audit-key-2026-long-enough-for-hmac',
  AUDIT_KEY_ID: 'k2026',
  AUDIT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIJjw+F2ICtLjveSzH5CdAkHBd0/nmbGDYxdssoLKGIjt',
};
