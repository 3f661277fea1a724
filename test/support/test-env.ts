import { loadConfig, type AppConfig } from '../../src/config/app-config.js';

/** Tests use their own database (created by globalSetup) and a queue prefix per app, so runs never mix. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lifeline_test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    JWT_SECRET: TEST_JWT_SECRET,
    QUEUE_PREFIX: `{test-${process.pid}-${Math.random().toString(36).slice(2, 8)}}`,
    EFFECT_BACKOFF_MS: '50',
    ...overrides,
  });
}
