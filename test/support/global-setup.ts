import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

// Jest loads this file as CommonJS without its module mapper, so the sibling is required by its real name.
const { claimTestRedis, startPrivateRedis } = createRequire(__filename)('./test-redis.ts') as typeof import('./test-redis.js');

/**
 * Creates the test database if needed and applies the migrations, with the same script
 * (and the same advisory lock) as `npm run migrate`. Starts a private Redis for the run unless
 * TEST_REDIS_URL names one, which must be empty or already the suite's own. Runs once before all specs.
 */
export default async function globalSetup(): Promise<void> {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lifeline_test';
  execFileSync(process.execPath, ['--import', '@swc-node/register/esm-register', 'scripts/migrate.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_OPTIONS: '' },
    stdio: 'inherit',
    cwd: new URL('../..', `file://${__filename}`).pathname,
  });
  if (!process.env.TEST_REDIS_URL) {
    const redis = await startPrivateRedis();
    process.env.TEST_REDIS_URL = redis.url; // read by the specs (test-env.ts) and their child processes
    (globalThis as { privateRedisPid?: number }).privateRedisPid = redis.pid;
  }
  await claimTestRedis(process.env.TEST_REDIS_URL);
}
