import { fileURLToPath } from 'node:url';
import { importCycles, importGraph } from './import-graph.js';

/**
 * The layering, lowest first. A file imports only from its own layer or below; features plug into the
 * core (registering effect handlers and send() participants), and the core never imports a feature.
 * The composition root (files directly in src/, and `database/`, which lists every entity and migration) may import anything.
 */
const LAYERS: Record<string, number> = {
  common: 0,
  config: 1,
  auth: 2,
  playbooks: 3,
  effects: 4,
  incidents: 5,
  audit: 6,
  commitments: 6,
  'core-banking': 6,
  'follow-ups': 6,
  health: 6,
  idempotency: 6,
  liability: 6,
  'mass-compromise': 6,
  notifications: 6,
  simulator: 6,
};
const FEATURE = 6;
const ROOT = 7;

/**
 * Where the core still reads features, named so none can be added unnoticed: the incident view reads the
 * features' own tables (promises, follow-up, liability clock, breach progress) and words (message titles), and the incidents HTTP
 * edge uses idempotency keys. The next step is view sections the features contribute, like participants.
 */
const KNOWN_CORE_TO_FEATURE = [
  'incidents/incident-commitments.ts -> commitments/commitment-words.ts',
  'incidents/incident-commitments.ts -> commitments/commitment.entity.ts',
  'incidents/incident-views.ts -> commitments/commitment.entity.ts',
  'incidents/incident-views.ts -> follow-ups/follow-up.entity.ts',
  'incidents/incident-views.ts -> liability/liability-rules.ts',
  'incidents/incident-views.ts -> mass-compromise/breach-progress.ts',
  'incidents/incident.view.ts -> commitments/commitment.entity.ts',
  'incidents/incident.view.ts -> follow-ups/follow-up.entity.ts',
  'incidents/incident.view.ts -> follow-ups/follow-up.view.ts',
  'incidents/incident.view.ts -> liability/liability-clock.ts',
  'incidents/incident.view.ts -> mass-compromise/breach-progress.ts',
  'incidents/incidents.controller.ts -> idempotency/idempotency.service.ts',
  'incidents/incidents.module.ts -> idempotency/idempotency.module.ts',
  'incidents/incidents.module.ts -> liability/liability.module.ts',
  'incidents/incidents.service.ts -> liability/liability-rules.ts',
  'incidents/timeline.ts -> notifications/message-templates.ts',
  // Config checks the audit keys at boot by the audit's own rule.
  'config/app-config.ts -> audit/audit-keys.ts',
];

const graph = importGraph(fileURLToPath(new URL('.', import.meta.url)));
const layerOf = (file: string) => (file.includes('/') && !file.startsWith('database/') ? (LAYERS[file.split('/')[0]] ?? FEATURE) : ROOT);
// Imports leaving src/ (the migrations) are data, not layers.
const edges = [...graph].flatMap(([file, imports]) =>
  imports.filter((imported) => !imported.startsWith('..')).map((imported) => ({ file, imported, edge: `${file} -> ${imported}` })),
);

describe('the import graph', () => {
  it('reads every source file', () => {
    expect(graph.get('incidents/incidents.service.ts')).toContain('playbooks/playbook.engine.ts');
    expect(graph.size).toBeGreaterThan(100);
  });

  it('has no import cycle (a type-only import runs nothing, so it makes none)', () => {
    expect(importCycles(importGraph(fileURLToPath(new URL('.', import.meta.url)), { values: true })).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('never imports upwards: the engine knows no core, the core no feature (but the named debts), config no playbook', () => {
    const upwards = edges.filter(({ file, imported }) => layerOf(imported) > layerOf(file)).map((e) => e.edge);
    expect(upwards.filter((edge) => !KNOWN_CORE_TO_FEATURE.includes(edge))).toEqual([]);
    // A debt paid is taken off the list, so the list stays true.
    expect(KNOWN_CORE_TO_FEATURE.filter((edge) => !upwards.includes(edge))).toEqual([]);
  });

  it('keeps effects/ free of any effect kind: no effect module imports a feature or the incidents it reports to', () => {
    expect(edges.filter(({ file, imported }) => file.startsWith('effects/') && layerOf(imported) >= layerOf('incidents/x')).map((e) => e.edge)).toEqual([]);
  });

  it('keeps the simulator out of production modules: only the composition root starts it', () => {
    expect(edges.filter(({ file, imported }) => imported.startsWith('simulator/') && !file.startsWith('simulator/') && layerOf(file) !== ROOT).map((e) => e.edge)).toEqual([]);
  });
});
