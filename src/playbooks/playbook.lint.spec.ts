import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { countWords, DEFAULT_READABILITY_LIMITS, lintPlaybook } from './playbook.lint.js';
import { loadPlaybookFile, loadPlaybooks, PLAYBOOKS_DIR } from './playbook.loader.js';
import type { PlaybookDefinition } from './playbook.definition.js';
import { validatePlaybook } from './playbook.validator.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = Record<string, any>;

const text = (en: string, ru = `${en} (ru)`) => ({ en, ru });
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i + 1}`).join(' ');

/** A chain of `steps` steps, each with a short script, ending resolved. */
function chain(steps: number): Raw {
  const states: Raw = {};
  for (let i = 1; i <= steps; i++) {
    states[`step_${i}`] = {
      step: { title: text(`Step ${i}`), say: text('Short and calm.'), do: text('Continue.') },
      on: { CUSTOMER_READY: { target: i === steps ? 'done' : `step_${i + 1}`, primary: true, label: text('Next') } },
    };
  }
  states.done = { type: 'final', outcome: 'resolved' };
  return { id: 'chain', version: 1, title: text('Chain'), description: text('A chain of steps'), initial: 'step_1', states };
}

function definition(raw: Raw): PlaybookDefinition {
  const { definition, problems } = validatePlaybook(raw);
  expect(problems).toEqual([]);
  return definition!;
}

describe('countWords', () => {
  it('counts what a listener hears: no punctuation or dashes, a placeholder is one word', () => {
    expect(countWords('You did the right thing by calling us.')).toBe(8);
    expect(countWords('Я прямо сейчас блокирую все ваши карты — их {cardCount}: {cards}.')).toBe(10);
    expect(countWords('  spaced\n\tout  ')).toBe(2);
  });
});

describe('lintPlaybook', () => {
  it('passes the shipped stolen-wallet playbook with the default limits', () => {
    const loaded = loadPlaybookFile(join(PLAYBOOKS_DIR, 'stolen-wallet.yaml'), DEFAULT_READABILITY_LIMITS);
    expect('problems' in loaded ? loaded.problems : []).toEqual([]);
  });

  it('names the state, the script, the locale and the word count of a script too long to say calmly', () => {
    const raw = chain(2);
    raw.states.step_1.step.say = text('Short in English.', words(46));
    raw.states.step_2.step.calm = { panicked: text(words(50), 'Коротко.') };
    expect(lintPlaybook(definition(raw), DEFAULT_READABILITY_LIMITS)).toEqual([
      'state step_1 step say: `ru` script has 46 words, more than 45 to read aloud calmly',
      'state step_2 step calm panicked: `en` script has 50 words, more than 45 to read aloud calmly',
    ]);
  });

  it('accepts a script of exactly the limit', () => {
    const raw = chain(1);
    raw.states.step_1.step.say = text(words(45), words(45));
    expect(lintPlaybook(definition(raw), DEFAULT_READABILITY_LIMITS)).toEqual([]);
  });

  it('reports a primary path with more steps than the limit, and shows the path', () => {
    expect(lintPlaybook(definition(chain(15)), DEFAULT_READABILITY_LIMITS)).toEqual([]);
    expect(lintPlaybook(definition(chain(4)), { maxScriptWords: 45, maxPrimarySteps: 3 })).toEqual([
      'playbook: the primary path has 4 steps, more than the limit of 3 (step_1 → step_2 → step_3 → step_4 → done)',
    ]);
  });

  it('is applied by the loader when limits are given, one line per problem prefixed by the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lifeline-lint-'));
    try {
      const raw: Raw = parse(readFileSync(join(PLAYBOOKS_DIR, 'stolen-wallet.yaml'), 'utf8'));
      raw.states.reassure.step.say.en = words(60);
      writeFileSync(join(dir, 'stolen-wallet.yaml'), stringify(raw));
      expect(loadPlaybooks(dir).problems).toEqual([]);
      expect(loadPlaybooks(dir, DEFAULT_READABILITY_LIMITS).problems).toEqual([
        'stolen-wallet.yaml: state reassure step say: `en` script has 60 words, more than 45 to read aloud calmly',
      ]);
      expect(loadPlaybooks(dir, { maxScriptWords: 60, maxPrimarySteps: 15 }).problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
