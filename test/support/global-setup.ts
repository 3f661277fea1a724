import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// Jest loads this file as CommonJS without its module mapper, so the sibling is required by its real name.
const { claimTestRedis, startPrivateRedis } = createRequire(__filename)('./test-redis.ts') as typeof import('./test-redis.js');

const root = new URL('../..', `file://${__filename}`).pathname;

/**
 * Creates the test database if needed and applies the migrations, with the same script
 * (and the same advisory lock) as `npm run migrate`. Starts a private Redis for the run unless
 * TEST_REDIS_URL names one, which must be empty or already the suite's own. Builds the console if its
 * bundle is missing or older than its sources. Runs once before all specs.
 */
export default async function globalSetup(): Promise<void> {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lifeline_test';
  execFileSync(process.execPath, ['--import', '@swc-node/register/esm-register', 'scripts/migrate.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_OPTIONS: '' },
    stdio: 'inherit',
    cwd: root,
  });
  if (!process.env.TEST_REDIS_URL) {
    const redis = await startPrivateRedis();
    process.env.TEST_REDIS_URL = redis.url; // read by the specs (test-env.ts) and their child processes
    (globalThis as { privateRedisPid?: number }).privateRedisPid = redis.pid;
  }
  await claimTestRedis(process.env.TEST_REDIS_URL);
  buildConsoleIfStale();
}

function buildConsoleIfStale(): void {
  const built = join(root, 'dist/console/index.html');
  const newestSource = Math.max(...filesUnder(join(root, 'src/console')).map((f) => statSync(f).mtimeMs));
  if (existsSync(built) && statSync(built).mtimeMs >= newestSource) return;
  execFileSync('npm', ['run', '-s', 'build:console'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production', NODE_OPTIONS: '' } });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}
