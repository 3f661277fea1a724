import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PLAYBOOKS_DIR } from './playbook.loader.js';

const ROOT = dirname(PLAYBOOKS_DIR);

/** Runs `npm run playbooks:check [dir]` the way CI does, as its own process. */
function check(...args: string[]) {
  return checkWith({}, ...args);
}

function checkWith(extraEnv: Record<string, string>, ...args: string[]) {
  const { NODE_OPTIONS: _jestOnly, PLAYBOOK_MAX_SCRIPT_WORDS: _words, PLAYBOOK_MAX_PRIMARY_STEPS: _steps, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--import', '@swc-node/register/esm-register', 'scripts/playbooks-check.ts', ...args], {
    cwd: ROOT,
    env: { ...env, ...extraEnv },
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
    expect(run.stdout).toContainEqual(expect.stringMatching(/^ok stolen-wallet v2 [0-9a-f]{12}$/));
    for (const line of run.stdout) expect(line).toMatch(/^ok [a-z][a-z0-9-]* v\d+ [0-9a-f]{12}$/);
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

  describe('readability limits', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'lifeline-playbooks-'));
      copyFileSync(join(PLAYBOOKS_DIR, 'stolen-wallet.yaml'), join(dir, 'stolen-wallet.yaml'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reports scripts longer than --max-words, naming state, locale and count', () => {
      const run = check(dir, '--max-words', '36');
      expect(run.status).toBe(1);
      expect(run.stderr).toEqual([
        'stolen-wallet.yaml: state closing_without_callback step say: `en` script has 39 words, more than 36 to read aloud calmly',
        'stolen-wallet.yaml: state closing_without_callback step chat say: `en` script has 39 words, more than 36',
        `playbooks:check: 2 problem(s) in ${dir}`,
      ]);
    });

    it('reports a primary path longer than --max-steps', () => {
      const run = check(dir, '--max-steps', '9');
      expect(run.status).toBe(1);
      expect(run.stderr[0]).toBe(
        'stolen-wallet.yaml: playbook: the primary path has 10 steps, more than the limit of 9 (reassure → verify_identity → blocking_cards → review_transactions → emergency_help → reissue → callback → closing → awaiting_callback → calling_back → resolved)',
      );
    });

    it('takes the limits from the environment like the service does; flags win', () => {
      expect(checkWith({ PLAYBOOK_MAX_SCRIPT_WORDS: '36' }, dir).status).toBe(1);
      expect(checkWith({ PLAYBOOK_MAX_PRIMARY_STEPS: '9' }, dir).status).toBe(1);
      const relaxed = checkWith({ PLAYBOOK_MAX_SCRIPT_WORDS: '36' }, dir, '--max-words', '39');
      expect(relaxed.stderr).toEqual([]);
      expect(relaxed.status).toBe(0);
    });

    it('refuses a limit that is not a positive whole number', () => {
      const run = check(dir, '--max-words', 'many');
      expect(run.status).toBe(2);
      expect(run.stderr[0]).toBe('playbooks:check: --max-words must be a whole number of at least 1 (got many)');
    });
  });
});
