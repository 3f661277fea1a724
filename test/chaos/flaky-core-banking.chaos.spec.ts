import { ChaosStack } from './chaos-stack.js';

describe('chaos: core banking answers 30% of calls with errors and timeouts', () => {
  const stack = new ChaosStack();
  beforeAll(() => stack.start({ workerEnv: { EFFECT_MAX_ATTEMPTS: '3', CORE_BANKING_TIMEOUT_MS: '300' } }), 120_000);
  afterAll(() => stack.stop());

  it('ends every block succeeded, or dead with an instruction for the operator, and never blocks twice', async () => {
    const ids = await stack.openAndBlock(12, () => stack.faults({ errorRate: 0.2, timeoutRate: 0.1 }));
    await stack.settled(ids);
    const statuses = await stack.effectStatuses(ids);
    expect((statuses.succeeded ?? 0) + (statuses.dead ?? 0)).toBe(36);
    expect(Object.keys(statuses).every((s) => s === 'succeeded' || s === 'dead')).toBe(true);
    const { blocked, dead } = await stack.assertBlockedAtMostOnce(ids);
    expect(blocked + dead).toBe(36);
    expect(dead).toBe(statuses.dead ?? 0);
  }, 180_000);
});
