import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PLAYBOOKS_DIR } from './playbook.loader.js';

const ROOT = dirname(PLAYBOOKS_DIR);

/** Runs `npm run playbooks:check [dir]` the way CI does, as its own process. */
function check(...args: string[]) {
  const { NODE_OPTIONS: _jestOnly, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--import', '@swc-node/register/esm-register', 'scripts/playbooks-check.ts', ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');
  return { status: run.status, stdout: lines(run.stdout), stderr: lines(run.stderr) };
}

describe('playbooks:check', () => {
  it('passes the shipped playbooks/ directory', () => {
    const run = check();
    expect(run.stderr).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toEqual([expect.stringMatching(/^ok stolen-wallet v1 [0-9a-f]{12}$/)]);
  });

  it('fails on broken playbooks with one clear line per problem, prefixed by the file', () => {
    const run = check('test/fixtures/playbooks-broken');
    expect(run.status).toBe(1);
    expect(run.stdout).toEqual([]);
    expect(run.stderr).toEqual([
      'lost-card-draft.yaml: state reassure step say: missing `ru` text',
      'lost-card-draft.yaml: state reassure on CUSTOMER_READY: unknown action `blockEverything`',
      'lost-card-draft.yaml: state waiting: `after` is not allowed (delayed transitions are lost when a snapshot is stored; use a scheduleCallback effect)',
      'misnamed.yaml: id `stolen-wallet` must match the file name `misnamed`',
      expect.stringMatching(/^not-yaml\.yaml: not valid YAML \(.*[Tt]ab.*\)$/),
      'playbooks:check: 5 problem(s) in test/fixtures/playbooks-broken',
    ]);
  });

  it('fails on a directory without playbooks', () => {
    const empty = mkdtempSync(join(tmpdir(), 'lifeline-playbooks-'));
    try {
      const run = check(empty);
      expect(run.status).toBe(1);
      expect(run.stderr).toEqual([`${empty}: no playbook files`, `playbooks:check: 1 problem(s) in ${empty}`]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
