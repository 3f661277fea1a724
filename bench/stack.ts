import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import { signToken } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config/app-config.js';
import { dataSourceOptions, ensureDatabase, migrate } from '../src/database/database.js';
import { configureHttp } from '../src/http.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-signing';

export const BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lifeline_bench';
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Lifeline as it runs (API and workers in one process), on its own database and queue prefix, with core banking's simulator in its own process. */
export interface BenchStack {
  url: string;
  simulatorUrl: string;
  app: NestExpressApplication;
  /** A bare connection pool to the same database, for the raw baselines. */
  pool: pg.Pool;
  token(sub: string, role: 'system' | 'supervisor' | 'operator'): string;
  close(): Promise<void>;
}

export async function startStack(): Promise<BenchStack> {
  const queuePrefix = `{bench-${process.pid}}`;
  await recreateDatabase();
  const simulator = await startSimulatorProcess();
  const config = loadConfig({
    DATABASE_URL: BENCH_DATABASE_URL,
    REDIS_URL: BENCH_REDIS_URL,
    JWT_SECRET,
    CORE_BANKING_URL: simulator.url,
    QUEUE_PREFIX: queuePrefix,
    // The benchmark polls the incident like a console would; the per-caller limit is not what is measured.
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, logger: ['error', 'warn'] });
  configureHttp(app);
  await app.listen(0, '127.0.0.1');
  const pool = new pg.Pool({ connectionString: BENCH_DATABASE_URL, max: 20 });
  return {
    url: await app.getUrl(),
    simulatorUrl: simulator.url,
    app,
    pool,
    token: (sub, role) => `Bearer ${signToken({ sub, roles: [role] }, JWT_SECRET, 3600)}`,
    async close() {
      await app.close();
      await pool.end();
      simulator.process.kill('SIGTERM');
      await forgetQueues(queuePrefix);
    },
  };
}

/** Once the workers have stopped: the run's jobs (follow-ups still delayed, finished ones) go with it. */
async function forgetQueues(prefix: string): Promise<void> {
  const redis = new Redis(BENCH_REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

/** A fresh database each run, created and migrated as the service does at boot, so runs compare. */
async function recreateDatabase(): Promise<void> {
  const name = decodeURIComponent(new URL(BENCH_DATABASE_URL).pathname.slice(1));
  const admin = new pg.Client({ connectionString: Object.assign(new URL(BENCH_DATABASE_URL), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(BENCH_DATABASE_URL);
  const dataSource = await new DataSource(dataSourceOptions(BENCH_DATABASE_URL)).initialize();
  await migrate(dataSource);
  await dataSource.destroy();
}

async function startSimulatorProcess(): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, ['dist/src/simulator/main.js'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', SIMULATOR_PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`The simulator exited (${code}) before listening:\n${output}`)));
  });
  return { url, process: child };
}
