import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { signToken } from '../src/auth/tokens.js';
import { dataSourceOptions, ensureDatabase, migrate } from '../src/database/database.js';
import type { Role } from '../src/auth/principal.js';
import { sleep } from './load.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-signing';
/** The service's pool, and the raw baselines' pool: ceilings are measured with the same number of connections. */
export const POOL_SIZE = 20;

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lifeline_bench';
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One OS process of Lifeline, started as a deployment starts it (`node dist/src/main.js`). */
export class LifelineProcess {
  private constructor(
    readonly role: 'api' | 'worker',
    private readonly child: ChildProcess,
  ) {}

  static async start(role: 'api' | 'worker', env: Record<string, string>): Promise<LifelineProcess> {
    const child = spawn(process.execPath, ['dist/src/main.js'], { cwd: ROOT, env: { WORKER_HEALTH_PORT: '0', ...env, ROLE: role }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const ready = role === 'api' ? /listening on port/i : /worker running/i;
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (ready.test(output)) resolve();
        if (output.length > 100_000) output = output.slice(-50_000);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`Lifeline ${role} exited (${code}) before it was ready:\n${output.slice(-4000)}`)));
      setTimeout(() => reject(new Error(`Lifeline ${role} not ready after 60 s:\n${output.slice(-4000)}`)), 60_000).unref();
    });
    // Keep draining its output so a chatty process never blocks on a full pipe.
    child.stdout!.resume();
    child.stderr!.resume();
    return new LifelineProcess(role, child);
  }

  /** Peak resident memory (VmHWM) so far, in MiB. */
  peakRssMiB(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await Promise.race([exited, sleep(30_000)]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/**
 * Lifeline as it is deployed: one API process and one worker process (both cores), on a database of its own
 * (dropped and migrated each run) and its own Redis key prefix, with core banking's simulator in a third process.
 */
export interface BenchStack {
  url: string;
  simulatorUrl: string;
  api: LifelineProcess;
  worker: LifelineProcess;
  /** A bare connection pool to the same database, for the raw ceilings. */
  pool: pg.Pool;
  redisUrl: string;
  queuePrefix: string;
  token(sub: string, role: Role): string;
  close(): Promise<void>;
}

export async function startStack(): Promise<BenchStack> {
  const queuePrefix = `{bench-${process.pid}}`;
  await recreateDatabase();
  const simulator = await startSimulatorProcess();
  const port = await freePort();
  const env = {
    ...exampleEnv(),
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    DATABASE_URL: BENCH_DATABASE_URL,
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    REDIS_URL: BENCH_REDIS_URL,
    JWT_SECRET,
    AUDIT_KEYS: 'bench:bench-audit-key-that-is-long-enough-for-hmac', AUDIT_KEY_ID: 'bench', AUDIT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIJjw+F2ICtLjveSzH5CdAkHBd0/nmbGDYxdssoLKGIjt',
    CORE_BANKING_URL: simulator.url,
    QUEUE_PREFIX: queuePrefix,
    PORT: String(port),
    // The load generator is one caller doing the work of hundreds of operators; the per-caller limit is not what is measured.
    RATE_LIMIT_PER_MINUTE: '100000000',
    // The walkers schedule callbacks a minute ahead whatever the hour the bench runs at; contact hours are not what is measured.
    CONTACT_HOURS: '00:00-24:00',
  };
  const api = await LifelineProcess.start('api', env);
  const worker = await LifelineProcess.start('worker', env);
  const pool = new pg.Pool({ connectionString: BENCH_DATABASE_URL, max: POOL_SIZE });
  return {
    url: `http://127.0.0.1:${port}`,
    simulatorUrl: simulator.url,
    api,
    worker,
    pool,
    redisUrl: BENCH_REDIS_URL,
    queuePrefix,
    token: (sub, role) => `Bearer ${signToken({ sub, roles: [role] }, JWT_SECRET, 3600)}`,
    async close() {
      await Promise.all([api.stop(), worker.stop()]);
      await pool.end();
      simulator.process.kill('SIGTERM');
      await forgetQueues(queuePrefix);
    },
  };
}

/** The documented defaults (`.env.example`), so a setting added to the service is set here too. */
function exampleEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(`${ROOT}/.env.example`, 'utf8').split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match && match[2] !== '') env[match[1]] = match[2];
  }
  return env;
}

/** Once the processes have stopped: the run's jobs (delayed follow-ups, finished ones) go with it. */
async function forgetQueues(prefix: string): Promise<void> {
  const redis = new Redis(BENCH_REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
}

/** A fresh database each run, created and migrated as the service does at boot, so runs compare. */
export async function recreateDatabase(url = BENCH_DATABASE_URL): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(url);
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  await migrate(dataSource);
  await dataSource.destroy();
}

export async function startSimulatorProcess(): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, ['dist/src/simulator/main.js'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', SIMULATOR_PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1].replace(/[",}]+$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`The simulator exited (${code}) before listening:\n${output}`)));
  });
  child.stdout!.resume();
  return { url, process: child };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
