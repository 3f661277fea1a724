import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findAll, parseXml } from '../../test/support/xml.js';
import { PLAYBOOKS_DIR } from './playbook.loader.js';

const ROOT = dirname(PLAYBOOKS_DIR);

/** Runs `npm run playbooks:diagram` as its own process, the way an author does. */
function diagram(...args: string[]) {
  const { NODE_OPTIONS: _jestOnly, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--import', '@swc-node/register/esm-register', 'scripts/playbooks-diagram.ts', ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr.trim() };
}

describe('playbooks:diagram', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'lifeline-diagrams-'));
    mkdirSync(join(work, 'playbooks'));
    copyFileSync(join(PLAYBOOKS_DIR, 'stolen-wallet.yaml'), join(work, 'playbooks', 'stolen-wallet.yaml'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('writes one SVG per playbook into the folder it is given', () => {
    const out = join(work, 'out');
    const run = diagram(out, '--playbooks', join(work, 'playbooks'), '--locale', 'ru');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`wrote ${join(out, 'stolen-wallet.svg')}`);
    expect(readdirSync(out)).toEqual(['stolen-wallet.svg']);
    const svg = parseXml(readFileSync(join(out, 'stolen-wallet.svg'), 'utf8'));
    expect(svg.name).toBe('svg');
    expect(findAll(svg, (e) => e.attributes['data-state'] === 'reassure')).toHaveLength(1);
    expect(readFileSync(join(out, 'stolen-wallet.svg'), 'utf8')).toContain('Успокоить клиента');
  });

  it('draws nothing when a playbook does not load', () => {
    rmSync(join(work, 'playbooks', 'stolen-wallet.yaml'));
    const run = diagram(join(work, 'out'), '--playbooks', join(work, 'playbooks'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${join(work, 'playbooks')}: no playbook files`);
  });
});
