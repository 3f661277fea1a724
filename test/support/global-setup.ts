import { execFileSync } from 'node:child_process';

/**
 * Creates the test database if needed and applies the migrations, with the same script
 * (and the same advisory lock) as `npm run migrate`. Runs once before all specs.
 */
export default function globalSetup(): void {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lifeline_test';
  execFileSync(process.execPath, ['--import', '@swc-node/register/esm-register', 'scripts/migrate.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_OPTIONS: '' },
    stdio: 'inherit',
    cwd: new URL('../..', `file://${__filename}`).pathname,
  });
}
