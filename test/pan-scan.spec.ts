import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { TEST_DATABASE_URL } from './support/test-env.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

/** `npm run pan:scan` as a bank would run it on its own copy: a database of its own and a log file. */
describe('npm run pan:scan', () => {
  const scratch = new URL(TEST_DATABASE_URL);
  scratch.pathname = `/${scratch.pathname.slice(1)}_panscan`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  const dir = mkdtempSync(join(tmpdir(), 'pan-scan-'));

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(scratch.pathname.slice(1))}`);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(scratch.pathname.slice(1))}`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(scratch.pathname.slice(1))}`);
    await admin.end();
  });

  const scan = (...args: string[]) =>
    run(process.execPath, ['--import', '@swc-node/register/esm-register', 'scripts/pan-scan.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' } }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  it('passes a clean database and log, and finds a disguised card number in either, naming where but never the number', async () => {
    const db = new pg.Client({ connectionString: scratch.toString() });
    await db.connect();
    try {
      await db.query(`CREATE TABLE notes (id serial PRIMARY KEY, said text, at timestamptz DEFAULT now())`);
      await db.query(`INSERT INTO notes (said) VALUES ('order 1796157437122, ref acc-flush-1796157437122'), ('hash ${'ab'.repeat(32)}')`);
      const clean = join(dir, 'clean.log');
      writeFileSync(clean, '2026-12-01T23:05:28.123Z core banking answered in 12 ms\n');
      expect(await scan('--database', scratch.toString(), '--log', clean)).toEqual({ code: 0, stdout: expect.stringContaining('no card numbers found') });

      await db.query(`INSERT INTO notes (said) VALUES ('the customer read 4000.1312.3456.7894 aloud')`);
      const dirty = join(dir, 'dirty.log');
      writeFileSync(dirty, 'fine\nrefused GET /v1/customers/４０００１３１２３４５６７８９４/transactions\n');
      const found = await scan('--database', scratch.toString(), '--log', dirty);
      expect(found.code).toBe(1);
      expect(found.stdout).toContain('card number ending 7894 in table public.notes, row 3');
      expect(found.stdout).toContain(`card number ending 7894 in ${dirty}, line 2`);
      expect(found.stdout).not.toMatch(/4000\D?1312/);
    } finally {
      await db.end();
    }
  });
});
