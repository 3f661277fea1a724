import { GroupCommit } from './group-commit.js';

/** A write that can be held open, as a transaction waiting on Postgres is. */
function recorder(failOn: string | null = null) {
  const writes: { key: string; items: string[] }[] = [];
  const open: (() => void)[] = [];
  const group = new GroupCommit<string>(async (key, items) => {
    writes.push({ key, items });
    await new Promise<void>((resolve) => open.push(resolve));
    if (failOn && items.includes(failOn)) throw new Error(`cannot write ${failOn}`);
  });
  const finishWrites = async () => {
    while (open.length) {
      open.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { group, writes, finishWrites };
}

describe('group commit', () => {
  it('writes the first at once, and those that arrive meanwhile together in the next write', async () => {
    const { group, writes, finishWrites } = recorder();
    const done = ['card-1', 'card-2', 'card-3'].map((item) => group.add('incident-a', item));
    expect(writes).toEqual([{ key: 'incident-a', items: ['card-1'] }]);
    await finishWrites();
    await Promise.all(done);
    expect(writes).toEqual([
      { key: 'incident-a', items: ['card-1'] },
      { key: 'incident-a', items: ['card-2', 'card-3'] },
    ]);
  });

  it('never holds one key behind another', async () => {
    const { group, writes, finishWrites } = recorder();
    const done = [group.add('incident-a', 'a1'), group.add('incident-b', 'b1')];
    expect(writes.map((w) => w.key)).toEqual(['incident-a', 'incident-b']);
    await finishWrites();
    await Promise.all(done);
  });

  it('writes each item of a failed group on its own: only the bad one fails', async () => {
    const { group, writes, finishWrites } = recorder('card-3');
    const outcomes = Promise.allSettled(['card-1', 'card-2', 'card-3'].map((item) => group.add('incident-a', item)));
    await finishWrites();
    expect((await outcomes).map((o) => (o.status === 'fulfilled' ? 'written' : (o.reason as Error).message))).toEqual(['written', 'written', 'cannot write card-3']);
    expect(writes.map((w) => w.items)).toEqual([['card-1'], ['card-2', 'card-3'], ['card-2'], ['card-3']]);
  });

  it('starts afresh once a key has nothing left to write', async () => {
    const { group, writes, finishWrites } = recorder();
    const first = group.add('incident-a', 'card-1');
    await finishWrites();
    await first;
    const later = group.add('incident-a', 'card-2');
    expect(writes.at(-1)).toEqual({ key: 'incident-a', items: ['card-2'] });
    await finishWrites();
    await later;
  });
});
