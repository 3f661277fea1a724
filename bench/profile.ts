/**
 * `npm run bench:profile`: where an operator step's time goes. Boots Lifeline in this process (API and workers),
 * counts the SQL statements per operator step and per block trigger, and takes a CPU profile of the step path,
 * summarised by self time. Writes bench/PROFILE.md (and the raw .cpuprofile under bench/profiles/, not committed).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { AppModule } from '../src/app.module.js';
import { signToken } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config/app-config.js';
import { configureHttp } from '../src/http.js';
import { closedLoop, sleep } from './load.js';
import { BENCH_DATABASE_URL, BENCH_REDIS_URL, recreateDatabase, startSimulatorProcess } from './stack.js';

const DATABASE_URL = BENCH_DATABASE_URL.replace(/\/([^/?]+)(\?|$)/, '/$1_profile$2');
import type { BenchStack } from './stack.js';
import { ok, openIncident, pressPrimary, request } from './walk.js';

const JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-signing';
const OUT = (name: string) => fileURLToPath(new URL(`../../bench/${name}`, import.meta.url));

// Every statement any pool of this process sends, counted where pg sends it.
let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

/** Self time by function, from a V8 CPU profile, the biggest first. */
function selfTimes(profile: { nodes: ProfileNode[]; samples: number[] }, top: number): { share: number; fn: string }[] {
  const hits = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^file:\/\/.*?\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : '(native)';
    const key = `${functionName || '(anonymous)'} ${where}`;
    hits.set(key, (hits.get(key) ?? 0) + node.hitCount);
  }
  const total = profile.samples.length;
  return [...hits.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, n]) => ({ share: n / total, fn }));
}

const simulator = await startSimulatorProcess();
await recreateDatabase(DATABASE_URL);
const config = loadConfig({
  ...process.env,
  DATABASE_URL,
  REDIS_URL: BENCH_REDIS_URL,
  JWT_SECRET,
  AUDIT_KEYS: 'bench:bench-audit-key-that-is-long-enough-for-hmac', AUDIT_KEY_ID: 'bench', AUDIT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIJjw+F2ICtLjveSzH5CdAkHBd0/nmbGDYxdssoLKGIjt',
  CORE_BANKING_URL: simulator.url,
  QUEUE_PREFIX: `{bench-profile-${process.pid}}`,
  RATE_LIMIT_PER_MINUTE: '100000000',
});
const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, logger: ['error', 'warn'] });
configureHttp(app);
await app.listen(0, '127.0.0.1');
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
const stack = { url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), pool } as unknown as BenchStack;
const operator = `Bearer ${signToken({ sub: 'op-profile', roles: ['operator'] }, JWT_SECRET, 3600)}`;
try {
  const ids: string[] = [];
  for (let i = 0; i < 16; i++) ids.push((await openIncident(stack, operator, 'stolen-wallet', `cust-profile-${Date.now().toString(36)}-${i}`)).id);
  await sleep(1_000); // the open's background work (transactions loaded) is not the step's
  const step = (id: string, i: number) => ok(request(stack, 'POST', `/v1/incidents/${id}/events`, operator, { type: 'CUSTOMER_MOOD', data: { mood: i % 2 ? 'calm' : 'angry' } }), 'step').then(() => undefined);
  await closedLoop(16, 2_000, (lane, i) => step(ids[lane], i));

  // Statements per step, with nothing else running.
  let before = statements;
  const stepsCounted = 200;
  for (let i = 0; i < stepsCounted; i++) await step(ids[i % ids.length], i);
  const perStep = (statements - before) / stepsCounted;

  // Statements per block trigger: IDENTITY_VERIFIED on a 3-card stolen wallet until every card is recorded blocked.
  const triggers = 10;
  let perTrigger = 0;
  for (let i = 0; i < triggers; i++) {
    const view = await pressPrimary(stack, operator, await openIncident(stack, operator, 'stolen-wallet', `cust-profile-trigger-${Date.now().toString(36)}-${i}`), { callbackInMs: 60_000 });
    await sleep(300);
    before = statements;
    let polls = 0;
    await pressPrimary(stack, operator, view, { callbackInMs: 60_000 });
    for (let blocked = 0; blocked < view.cards.length; await sleep(5), polls++) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM incident_events WHERE incident_id = $1 AND type = 'CARD_BLOCKED'`, [view.id]);
      blocked = rows[0].n;
    }
    perTrigger += statements - before - polls; // less this profiler's own polling
  }

  // CPU profile of 16 clients stepping for 10 s.
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const loaded = await closedLoop(16, 10_000, (lane, i) => step(ids[lane], i));
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  mkdirSync(OUT('profiles'), { recursive: true });
  writeFileSync(OUT('profiles/steps.cpuprofile'), JSON.stringify(profile));
  const top = selfTimes(profile as unknown as { nodes: ProfileNode[]; samples: number[] }, 25);

  const report = `# Profile of the operator step

Written by \`npm run bench:profile\` on ${new Date().toISOString()}. Lifeline in one process (API and workers),
real PostgreSQL, Redis and the simulator process.

- SQL statements per operator step (\`CUSTOMER_MOOD\` over HTTP, nothing else running): **${perStep.toFixed(1)}**
- SQL statements per block trigger (\`IDENTITY_VERIFIED\` on 3 cards, API and workers, until all three are recorded
  blocked): **${(perTrigger / triggers).toFixed(1)}**
- Under 16 clients for 10 s: ${Math.round(loaded.rate)} steps/s, p50 ${loaded.p50.toFixed(1)} ms, p99 ${loaded.p99.toFixed(1)} ms

## CPU self time, top 25 (16 clients stepping)

| share | function |
|---|---|
${top.map((t) => `| ${(t.share * 100).toFixed(1)}% | \`${t.fn.replaceAll('|', '\\|')}\` |`).join('\n')}
`;
  writeFileSync(OUT('PROFILE.md'), report);
  console.log(report);
} finally {
  await app.close();
  await pool.end();
  simulator.process.kill('SIGTERM');
}
