import { Redis } from 'ioredis';
import { ChaosStack } from './chaos-stack.js';
import { ledger } from '../support/ledger.js';
import { eventually } from '../support/test-app.js';
import { TEST_REDIS_URL } from '../support/test-env.js';

describe('chaos: Redis loses everything (FLUSHALL) in the middle of a run', () => {
  const stack = new ChaosStack();
  beforeAll(() => stack.start(), 120_000);
  afterAll(() => stack.stop());

  it('still blocks every card exactly once: Postgres remembers what Redis forgot', async () => {
    await stack.faults({ latencyMs: 150 });
    const ids = await stack.openAndBlock(10);
    await eventually(async () => (await ledger(stack.simulator.url)).filter((e) => e.path.endsWith('/block')).length >= 2, 'the first blocks');
    const redis = new Redis(TEST_REDIS_URL);
    await redis.flushall();
    redis.disconnect();

    await stack.settled(ids);
    expect(await stack.effectStatuses(ids)).toEqual({ succeeded: 30 });
    expect(await stack.assertBlockedAtMostOnce(ids)).toEqual({ blocked: 30, dead: 0 });
    expect(stack.workers[0].log).toMatch(/Re-enqueued \d+ effect/);
  }, 180_000);
});
