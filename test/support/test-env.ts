import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { TEST_AUDIT_KEYS, TEST_JWT_SECRET } from './test-keys.js';

export { TEST_AUDIT_KEYS, TEST_JWT_SECRET };

/** Tests use their own database (created by globalSetup) and a queue prefix per app, so runs never mix. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lifeline_test';
/** Set by globalSetup: the private Redis it started, or the TEST_REDIS_URL it verified as the suite's own. */
export const TEST_REDIS_URL = requiredTestRedisUrl();

function requiredTestRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run the specs through jest, whose globalSetup starts a private Redis');
  return url;
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    JWT_SECRET: TEST_JWT_SECRET,
    ...TEST_AUDIT_KEYS,
    QUEUE_PREFIX: `{test-${process.pid}-${Math.random().toString(36).slice(2, 8)}}`,
    EFFECT_BACKOFF_MS: '50',
    // Test files share one database: an app sweeps only when its test asks for it.
    SWEEP_AFTER_MS: String(10 * 60_000),
    // Callbacks may be asked for at any hour the test runs; the contact-hours rule has its own spec.
    CONTACT_HOURS: '00:00-24:00',
    // Specs share the jest process's event loop with their own heavy setup; read shedding has its own spec.
    SHED_READS_AT_LOOP_DELAY_MS: '0',
    SHED_READS_AT_POOL_WAITING: '0',
    // Concurrency specs race steps on purpose; taking turns has its own spec (step-admission).
    STEP_CONCURRENCY: '0',
    ...overrides,
  });
}

/**
 * Spec files share one database and run one after another. A spec whose workers sweep the outbox
 * first retires what earlier specs left unfinished, so it never runs their effects against its
 * own simulator. Only for tests: production never gives up on an effect this way.
 */
export async function retireLeftoverEffects(query: (sql: string) => Promise<unknown>): Promise<void> {
  await query(`UPDATE effects SET status = 'dead', last_error = 'retired by the test harness' WHERE status IN ('pending', 'running', 'failed')`);
}
