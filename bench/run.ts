/**
 * `npm run bench`: Lifeline against the real PostgreSQL and Redis, each number next to a raw baseline
 * measured in the same run. Prints the tables and writes them to bench/RESULTS.md with the machine.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describeMachine, type Machine } from './machine.js';
import { benchMassCompromise, type MassCompromiseResult } from './mass-compromise.bench.js';
import { benchSend, type SendResult } from './send.bench.js';
import { startStack } from './stack.js';

const BREACH_CARDS = Number(process.env.BENCH_BREACH_CARDS ?? 100_000);
const RESULTS = fileURLToPath(new URL('../../bench/RESULTS.md', import.meta.url));

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const times = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

function breachTable(r: MassCompromiseResult): string {
  const stages: [string, keyof MassCompromiseResult['raw']][] = [
    ['open: list written, blocks queued', 'open'],
    ['every card blocked', 'block'],
    ['every new card ordered', 'reissue'],
    ['every customer told', 'notify'],
    ['**open → resolved**', 'total'],
  ];
  return table(
    ['stage', 'Lifeline', 'raw baseline', 'Lifeline / raw'],
    stages.map(([name, key]) => [name, s(r.lifeline[key]), s(r.raw[key]), times(r.lifeline[key], r.raw[key])]),
  );
}

function sendTable(r: SendResult): string {
  const rate = (n: number) => `${Math.round(n)} events/s`;
  return table(
    ['path', 'throughput', 'raw / path'],
    [
      ['`IncidentsService.sendFromApi()` in process (returns the view)', rate(r.service), times(r.raw, r.service)],
      ['`POST /v1/incidents/:id/events` over HTTP', rate(r.http), times(r.raw, r.http)],
      ['raw baseline: UPDATE … WHERE version = $v + INSERT event, bare `pg`', rate(r.raw), '1.0×'],
    ],
  );
}

function report(machine: Machine, breach: MassCompromiseResult, send: SendResult): string {
  return `# Benchmarks

\`npm run bench\` builds the project, boots Lifeline in-process (API and workers, \`ROLE=all\`) on its own
database (\`lifeline_bench\`, dropped and migrated each run) and Redis queue prefix, with the core-banking
simulator in its own process, and measures each path next to a raw baseline in the same run.

## Machine

- Date: ${machine.date}
- CPU: ${machine.cpu}, ${machine.cores} cores (\`nproc\`)
- Memory: ${machine.memory} (\`free -h\`)
- Node.js ${machine.node}, PostgreSQL ${machine.postgres}, Redis ${machine.redis}; all on this one machine
- Load average when the run started: ${machine.load.toFixed(2)} (other work on the machine competes for the same cores)

## Merchant breach: ${breach.cards.toLocaleString('en')} cards of ${breach.customers.toLocaleString('en')} customers

One \`mass-compromise\` incident, opened with \`POST /v1/incidents/mass-compromise\` by a fraud engine and
moved on by a risk analyst as soon as every batch of a stage has reported (the benchmark polls the
incident every 200 ms, as a console would). Batches of 1,000 cards (500 customers for notices), four at
a time on the \`breach\` queue.

${breachTable(breach)}

Lifeline does, on top of the raw baseline: the incident, its ${breach.events} events and compare-and-set,
the outbox and BullMQ jobs, idempotency keys at core banking, and one hash-chained audit row per card
for every request and every answer (${(breach.cards * 4).toLocaleString('en')} rows), written under the trail's lock.
The raw baseline writes the same cards into a scratch table, then calls the simulator's batch endpoints
in a bare loop (same batch size, same concurrency) and records each answer with one
\`UPDATE … FROM unnest\`; it has no audit trail, no outbox and no incident.

Where Lifeline's time goes is the audit trail. Its rows share one hash chain, so they are appended one
transaction at a time, and each row costs PostgreSQL nine indexes (three on random keys: \`id\`, \`hash\`,
\`prev_hash\`). Opening the breach, and confirming the blocks (which orders the new cards), each append a
\`requested\` row per card in their own transaction; each batch appends its outcome rows together with
its cards' new status. Core-banking calls, card rows and the incident's events run alongside.

One read of the incident view of this breach (progress counted from its ${breach.cards.toLocaleString('en')} rows) took ${Math.round(breach.viewMs)} ms.

## The single-incident path: \`send()\`

${send.events.toLocaleString('en')} \`CUSTOMER_MOOD\` operator events on ${send.concurrency} \`stolen-wallet\` incidents at once, one event
at a time per incident (so compare-and-set never conflicts).

${sendTable(send)}

\`send()\` does, per event: load the incident, the pure XState transition, the compare-and-set UPDATE,
the event INSERT, the promise tracking, then it builds the incident view it returns (events, effects,
commitments, follow-up, liability clock). The raw baseline issues only the UPDATE and the INSERT.
`;
}

const load = loadavg()[0];
const stack = await startStack();
try {
  console.log(`Merchant breach: ${BREACH_CARDS.toLocaleString('en')} cards…`);
  const breach = await benchMassCompromise(stack, BREACH_CARDS);
  console.log(breachTable(breach));
  console.log('\nsend() path…');
  const send = await benchSend(stack);
  console.log(sendTable(send));
  const machine = await describeMachine(stack, load);
  writeFileSync(RESULTS, report(machine, breach, send));
  console.log(`\nWritten to ${RESULTS}`);
} finally {
  await stack.close();
}
