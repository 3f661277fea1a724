import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, utimesSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TEST_AUDIT_KEYS, TEST_DATABASE_URL, TEST_JWT_SECRET, TEST_REDIS_URL } from './support/test-env.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAMP = `${ROOT}dist/.built`;

function buildIfStale(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: ROOT, timeout: 180_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the developer loop', () => {
  it('npm start builds when a source is newer than the last build, and not when the build is current', async () => {
    expect((await buildIfStale()).code).toBe(0);
    expect(existsSync(`${ROOT}dist/src/main.js`)).toBe(true);

    const current = await buildIfStale();
    expect(current).toEqual({ code: 0, output: 'Build is current; not rebuilding\n' });

    // The last build now looks older than the sources: it must build again, then be current.
    utimesSync(STAMP, new Date(1_000), new Date(1_000));
    const rebuilt = await buildIfStale();
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.output).not.toContain('Build is current');
    expect(Date.now() - (await import('node:fs')).statSync(STAMP).mtimeMs).toBeLessThan(180_000);
    expect((await buildIfStale()).output).toBe('Build is current; not rebuilding\n');
  }, 400_000);

  it('npm run start:dev restarts the service when a watched file changes', async () => {
    const [port, simulatorPort, workerPort] = [await freePort(), await freePort(), await freePort()];
    const child = spawn('npm', ['run', '-s', 'start:dev'], {
      cwd: ROOT,
      detached: true, // its own process group: tsc --watch and node --watch stop together
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        JWT_SECRET: TEST_JWT_SECRET,
        ...TEST_AUDIT_KEYS,
        CORE_BANKING_URL: '',
        PORT: String(port),
        SIMULATOR_PORT: String(simulatorPort),
        WORKER_HEALTH_PORT: String(workerPort),
        QUEUE_PREFIX: `{devloop-${process.pid}}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const listening = (times: number) => (output.match(new RegExp(`listening on port ${port}`, 'g')) ?? []).length >= times;
    const waitFor = async (check: () => boolean, what: string) => {
      const deadline = Date.now() + 240_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    try {
      await waitFor(() => listening(1), 'the first start');
      expect(output).not.toMatch(/"level":/); // readable text logs in development
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
      const playbook = `${ROOT}playbooks/lost-card.yaml`;
      const now = new Date();
      utimesSync(playbook, now, now); // a save without a change: the service restarts all the same
      await waitFor(() => listening(2), 'the restart');
      expect(output).toMatch(/Restarting/);
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await once(child, 'exit');
    }
  }, 600_000);
});
