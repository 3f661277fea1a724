import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_AUDIT_KEYS, TEST_DATABASE_URL, TEST_JWT_SECRET } from './support/test-env.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** An operator script run the way the README says, through npm, with only the environment given. */
function npmRun(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '-s', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: '', JWT_SECRET: '', ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

const noStack = (output: string) => expect(output).not.toMatch(/^\s+at /m);

describe('operator scripts answer misuse with a usage line, never a stack', () => {
  it('token: flags without -- (npm keeps them) get the fix and the usage', async () => {
    const { code, output } = await npmRun(['token', '--sub', 'x'], { JWT_SECRET: TEST_JWT_SECRET });
    expect(code).toBe(2);
    expect(output.trim().split('\n')).toEqual(['npm kept --sub for itself: put -- before the flags', expect.stringMatching(/^Usage: npm run token -- --sub ID --roles /)]);
  });

  it('token: an unknown flag or a missing one gets the usage', async () => {
    const unknown = await npmRun(['token', '--', '--sub', 'x', '--role', 'operator'], { JWT_SECRET: TEST_JWT_SECRET });
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/^Unknown option '--role'/m);
    expect(unknown.output).toMatch(/^Usage: npm run token/m);
    noStack(unknown.output);
    const missing = await npmRun(['token', '--', '--sub', 'x'], { JWT_SECRET: TEST_JWT_SECRET });
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/^--roles is required/m);
  });

  it('token: used rightly, prints a token', async () => {
    const { code, output } = await npmRun(['token', '--', '--sub', 'op-1', '--roles', 'operator'], { JWT_SECRET: TEST_JWT_SECRET });
    expect(code).toBe(0);
    expect(output.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('audit:verify on a database that does not exist says so in one line', async () => {
    const url = Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/lifeline_missing_${process.pid}` }).toString();
    const { code, output } = await npmRun(['audit:verify'], { DATABASE_URL: url });
    expect(code).toBe(1);
    expect(output.trim()).toBe(`DATABASE_URL=${url}: database "lifeline_missing_${process.pid}" does not exist (npm run migrate creates it)`);
  });

  it('audit:verify on a server that does not answer names the variable and the address', async () => {
    const { code, output } = await npmRun(['audit:verify'], { DATABASE_URL: 'postgres://auditor:pw@127.0.0.1:5999/lifeline' });
    expect(code).toBe(1);
    expect(output.trim()).toBe('DATABASE_URL=postgres://auditor:***@127.0.0.1:5999/lifeline is unreachable: connect ECONNREFUSED 127.0.0.1:5999');
  });

  it('audit:verify on the real database still verifies', async () => {
    const { code, output } = await npmRun(['audit:verify'], { DATABASE_URL: TEST_DATABASE_URL, ...TEST_AUDIT_KEYS });
    expect(output).toMatch(/"checked":\s*\d+/);
    expect([0, 1]).toContain(code); // other specs break the chain on purpose; the answer is a report, not a crash
    noStack(output);
  });
});
