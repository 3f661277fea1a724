import { ChaosStack } from './chaos-stack.js';
import { ledger } from '../support/ledger.js';
import { eventually } from '../support/test-app.js';

describe('graceful shutdown', () => {
  const stack = new ChaosStack();
  beforeAll(() => stack.start(), 120_000);
  afterAll(() => stack.stop());

  it('lets running jobs finish on SIGTERM, exits cleanly, and a restart resumes the rest', async () => {
    await stack.faults({ latencyMs: 800 });
    const ids = await stack.openAndBlock(2);
    await eventually(async () => (await ledger(stack.simulator.url)).some((e) => e.path.endsWith('/block')), 'a block in flight');
    const worker = stack.workers[0];
    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(worker.log).toMatch(/Stopped cleanly/);
    // Nothing the stopped worker had started is left running.
    const { rows } = await stack.db.query(`SELECT count(*)::int AS n FROM effects WHERE incident_id = ANY($1) AND status = 'running'`, [ids]);
    expect(rows[0].n).toBe(0);

    expect(await stack.api.stop('SIGTERM')).toBe(0);
    await stack.faults({});
    await stack.startWorker();
    await stack.settled(ids);
    expect(await stack.effectStatuses(ids)).toEqual({ succeeded: 6 });
  }, 180_000);
});
