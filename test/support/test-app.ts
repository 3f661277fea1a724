import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { signToken } from '../../src/auth/tokens.js';
import { RedactingLogger } from '../../src/common/redacting.logger.js';
import type { Role } from '../../src/auth/principal.js';
import type { IncidentView } from '../../src/incidents/incident.view.js';
import { configureHttp } from '../../src/http.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/simulator.server.js';
import { TEST_JWT_SECRET, testConfig } from './test-env.js';

export interface TestApp {
  app: NestExpressApplication;
  simulator: RunningSimulator;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

/** The real service (API and workers) against real Postgres, Redis and a core-banking simulator over HTTP. */
export async function startTestApp(overrides: Record<string, string> = {}, shared?: { simulator: RunningSimulator }): Promise<TestApp> {
  const simulator = shared?.simulator ?? (await startSimulator({ port: 0 }));
  const config = testConfig({ CORE_BANKING_URL: simulator.url, ...overrides });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: new RedactingLogger({ logLevels: ['error', 'warn'] }) });
  configureHttp(app);
  try {
    await app.init();
  } catch (error) {
    // A refused start must not leave connections behind.
    await app.close().catch(() => undefined);
    if (!shared) await simulator.close();
    throw error;
  }
  return {
    app,
    simulator,
    http: () => request(app.getHttpServer()),
    async close() {
      await app.close();
      if (!shared) await simulator.close();
    },
  };
}

export function bearer(roles: Role[], sub = `${roles[0]}-1`, ttlSeconds = 600): string {
  return `Bearer ${signToken({ sub, roles }, TEST_JWT_SECRET, ttlSeconds)}`;
}

/** Polls until `check` returns a value (not a sleep-and-hope): bounded, so a broken feature fails the test. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A stolen wallet with its three cards (the simulator's), opened as an operator would. */
export async function openStolenWallet(t: TestApp, operator: string, label: string): Promise<IncidentView> {
  const opened = await t
    .http()
    .post('/v1/incidents')
    .set('Authorization', operator)
    .send({ playbook: 'stolen-wallet', customerRef: uniqueCustomer(label), channel: 'phone', locale: 'en' })
    .expect(201);
  return opened.body as IncidentView;
}

export const uniqueCustomer = (label: string) => `cust-${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
