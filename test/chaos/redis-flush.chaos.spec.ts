import { ChaosStack } from './chaos-stack.js';
import { ledger } from '../support/ledger.js';
import { eventually } from '../support/test-app.js';
import { TEST_REDIS_URL } from '../support/test-env.js';
import { onOwnedTestRedis } from '../support/test-redis.js';

describe('chaos: Redis loses everything (FLUSHALL) in the middle of a run', () => {
  const stack = new ChaosStack();
  beforeAll(() => stack.start(), 120_000);
  afterAll(() => stack.stop());

  it('still blocks every card exactly once: Postgres remembers what Redis forgot', async () => {
    // Slow core banking keeps most of the 45 blocks waiting in Redis when it is flushed.
    await stack.faults({ latencyMs: 700 });
    const ids = await stack.openAndBlock(15);
    await eventually(async () => (await ledger(stack.simulator.url)).some((e) => e.path.endsWith('/block')), 'the first blocks');
    await onOwnedTestRedis(TEST_REDIS_URL, (redis) => redis.flushall());

    await stack.settled(ids);
    expect(await stack.effectStatuses(ids)).toEqual({ succeeded: 45 });
    expect(await stack.assertBlockedAtMostOnce(ids)).toEqual({ blocked: 45, dead: 0 });
    expect(stack.workers[0].log).toMatch(/Re-enqueued \d+ effect/);
  }, 180_000);
});
