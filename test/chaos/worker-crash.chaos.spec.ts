import { ChaosStack } from './chaos-stack.js';
import { ledger } from '../support/ledger.js';
import { eventually } from '../support/test-app.js';

describe('chaos: the worker is killed with SIGKILL while card blocks are in flight', () => {
  const stack = new ChaosStack();
  beforeAll(() => stack.start(), 120_000);
  afterAll(() => stack.stop());

  it('blocks every card exactly once after a new worker takes over', async () => {
    await stack.faults({ latencyMs: 400 }); // core banking is slow today: blocks stay in flight
    const ids = await stack.openAndBlock(8);
    await eventually(async () => (await ledger(stack.simulator.url)).filter((e) => e.path.endsWith('/block')).length >= 3, 'blocks in flight');
    expect(await stack.workers[0].stop('SIGKILL')).toBeNull();

    await stack.startWorker();
    await stack.settled(ids);
    expect(await stack.effectStatuses(ids)).toEqual({ succeeded: 24 });
    expect(await stack.assertBlockedAtMostOnce(ids)).toEqual({ blocked: 24, dead: 0 });
  }, 180_000);
});
