/**
 * `npm run bench` (`-- --quick` for a shorter run): Lifeline as deployed (an API and a worker process) against the
 * real PostgreSQL, Redis and core-banking simulator, each issue-13 target's scenario next to its raw ceiling measured
 * in the same run. Writes bench/RESULTS.md and bench/results.json.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Figure } from './figures.js';
import { describeMachine } from './machine.js';
import { renderResults } from './report.js';
import { benchGrowth, footprintFigures } from './scenarios/growth.js';
import { benchMassCompromise, breachFigure } from './scenarios/merchant-breach.js';
import { benchOperatorSteps } from './scenarios/operator-steps.js';
import { benchTimeToBlock } from './scenarios/time-to-block.js';
import { benchWholeIncidents } from './scenarios/whole-incidents.js';
import { startStack } from './stack.js';

const quick = process.argv.includes('--quick');
const SIZES = quick
  ? { stepsMs: 5_000, offered: 300, ttbSamples: 20, background: 50, overload: 150, wholeMs: 8_000, breachCards: 10_000, growth: { smallIncidents: 1_000, largeIncidents: 20_000, largeCardActions: 100_000, durationMs: 3_000 } }
  : { stepsMs: 20_000, offered: 300, ttbSamples: 100, background: 50, overload: 150, wholeMs: 30_000, breachCards: 100_000, growth: { smallIncidents: 10_000, largeIncidents: 1_000_000, largeCardActions: 10_000_000, durationMs: 15_000 } };
const OUT = (name: string) => fileURLToPath(new URL(`../../bench/${name}`, import.meta.url));

const load = loadavg()[0];
const started = performance.now();
const stack = await startStack();
const figures: Figure[] = [];
const stage = async (name: string, run: () => Promise<Figure[]>) => {
  const t0 = performance.now();
  console.log(`${name}…`);
  const got = await run();
  figures.push(...got);
  for (const f of got) console.log(`  ${f.met ? 'met' : 'NOT met'}  ${f.name}: ${Number.isFinite(f.value) ? f.value.toFixed(1) : 'n/a'} ${f.unit}${f.ratio ? ` (${f.ratio.toFixed(2)}× raw)` : ''}  [${f.goal}]  ${f.note ?? ''}`);
  console.log(`  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
};
try {
  let rawTps = 0;
  await stage('Operator steps', async () => {
    const result = await benchOperatorSteps(stack, { durationMs: SIZES.stepsMs, offeredRate: SIZES.offered });
    rawTps = result.rawTps;
    return result.figures;
  });
  await stage('Time to block', () => benchTimeToBlock(stack, { samples: SIZES.ttbSamples, backgroundRate: SIZES.background, overloadRate: SIZES.overload }));
  await stage('Whole incidents and timers', () => benchWholeIncidents(stack, rawTps, { durationMs: SIZES.wholeMs }));
  await stage(`Merchant breach (${SIZES.breachCards.toLocaleString('en')} cards)`, async () => [breachFigure(await benchMassCompromise(stack, SIZES.breachCards))]);
  await stage('Growth', () => benchGrowth(stack, SIZES.growth));
  figures.push(...footprintFigures(stack));
  const machine = await describeMachine(stack, load);
  const results = { machine, quick, durationS: Math.round((performance.now() - started) / 1000), figures };
  writeFileSync(OUT('results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(OUT('RESULTS.md'), renderResults(results));
  console.log(`\nWritten to bench/RESULTS.md and bench/results.json (${results.durationS} s)`);
} finally {
  await stack.close();
}
