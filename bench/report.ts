import type { Figure } from './figures.js';
import type { Machine } from './machine.js';

export interface Results {
  machine: Machine;
  quick: boolean;
  durationS: number;
  figures: Figure[];
}

const number = (n: number) => (!Number.isFinite(n) ? 'n/a' : n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(1));

/** bench/RESULTS.md: the machine, then one row per figure with its raw ceiling, ratio, target and whether it is met. */
export function renderResults({ machine, quick, durationS, figures }: Results): string {
  const rows = figures.map((f) =>
    [
      f.target,
      f.name,
      `${number(f.value)} ${f.unit}`,
      f.raw ? `${number(f.raw.value)} ${f.raw.unit} (${f.raw.what})` : '—',
      f.ratio === undefined ? '—' : `${f.ratio.toFixed(2)}×`,
      f.goal,
      f.met ? 'met' : '**not met**',
      f.note ?? '',
    ].join(' | '),
  );
  return `# Benchmarks

Written by \`npm run bench${quick ? ' -- --quick' : ''}\` in ${durationS} s. Lifeline runs as deployed: one API process and one worker
process (\`node dist/src/main.js\`, \`ROLE=api\` and \`ROLE=worker\`) on a database of its own (\`lifeline_bench\`,
dropped and migrated each run) and its own Redis key prefix, with the core-banking simulator in a third process.
The load generator (bench/load.ts) is bounded in count and time; every raw ceiling is measured in the same run,
on the same machine, with the same pool size. The targets are issue 13's.

## Machine

- Date: ${machine.date}; commit ${machine.commit}
- CPU: ${machine.cpu}, ${machine.cores} cores (\`nproc\`); memory ${machine.memory}
- Node.js ${machine.node}, PostgreSQL ${machine.postgres}, Redis ${machine.redis}; all on this one machine
- Load average (1 min) at the start ${machine.load.toFixed(2)} and at the end ${machine.loadAtEnd.toFixed(2)}: anything above 2 is other work competing for the same two cores

## Figures

| target | figure | Lifeline | raw ceiling | ratio | goal | | notes |
|---|---|---|---|---|---|---|---|
${rows.map((r) => `| ${r} |`).join('\n')}

## How each is measured

1. **Operator step**: \`CUSTOMER_MOOD\` over HTTP (the whole send path, no effects) on 200 open stolen-wallet
   incidents. Max sustained: 32 clients back to back. Latency: an open loop offering a fixed rate, latency counted
   from the moment each step was due. Raw: the same read, compare-and-set and event insert as one bare \`pg\`
   transaction, 40 clients on a pool of 20 (the service's pool).
2. **Time to block**: a stolen wallet with 3 cards; from \`IDENTITY_VERIFIED\` (the step that asks for the blocks)
   to the last \`CARD_BLOCKED\` Lifeline records, both read from the incident's event log (server-side). Alone,
   with whole incidents arriving in the background at a set rate, and offered more than the node can take.
3. **Whole incidents**: stolen-wallet from open to resolved along the primary path, as an operator presses it
   (steps that wait for background work are retried as the operator would), until every effect due has run.
   Raw: the raw step ceiling divided by the number of operator steps on the path.
4. **Merchant breach**: \`POST /v1/incidents/mass-compromise\` until every batch has reported its blocks (audited
   and on the incident), cards per second; each card's block counted at the simulator's ledger. Raw: as many
   no-op BullMQ jobs as cards, added with \`addBulk\` on the same Redis, run by one worker.
5. **Timers**: the callbacks scheduled in (3) a few seconds ahead; lateness is \`CALLBACK_DUE\`'s time minus the time asked.
6. **Footprint and growth**: peak RSS (\`VmHWM\`) of each process over the run; step p50 (8 clients) at the
   small database size and again after Postgres has copied in resolved incidents and card-action rows.
`;
}
