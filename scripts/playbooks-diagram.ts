/**
 * `npm run playbooks:diagram [outDir] [--locale en|ru] [--playbooks dir]`: writes `<id>.svg`, the
 * state graph with its primary path highlighted, for every playbook (default: playbooks/ into dist/diagrams).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderDiagram } from '../src/playbooks/diagram/playbook.diagram.js';
import { LOCALES, type Locale } from '../src/playbooks/playbook.definition.js';
import { loadPlaybooks, PLAYBOOKS_DIR } from '../src/playbooks/playbook.loader.js';

function usage(problem: string): never {
  console.error(`playbooks:diagram: ${problem}`);
  console.error(`usage: npm run playbooks:diagram -- [outDir] [--locale ${LOCALES.join('|')}] [--playbooks dir]`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({ options: { locale: { type: 'string', default: 'en' }, playbooks: { type: 'string', default: PLAYBOOKS_DIR } }, allowPositionals: true });
  } catch (error) {
    usage((error as Error).message);
  }
}

const args = parse();
const locale = args.values.locale as Locale;
if (!LOCALES.includes(locale)) usage(`--locale must be one of ${LOCALES.join(', ')}`);
const outDir = resolve(args.positionals[0] ?? join(dirname(PLAYBOOKS_DIR), 'dist', 'diagrams'));

const { playbooks, problems } = loadPlaybooks(args.values.playbooks);
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`playbooks:diagram: fix the playbooks first (${problems.length} problem(s)); npm run playbooks:check shows them too`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
for (const p of playbooks) {
  const file = join(outDir, `${p.definition.id}.svg`);
  writeFileSync(file, renderDiagram(p.definition, locale, p.hash));
  console.log(`wrote ${file}`);
}
