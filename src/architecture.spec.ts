import { fileURLToPath } from 'node:url';
import { importCycles, importGraph } from './import-graph.js';

/**
 * The layering, lowest first. A file imports only from its own layer or below; features plug into the
 * core (registering effect handlers, send() participants and incident view sections), and the core never imports a feature.
 * The composition root (files directly in src/, and `database/`, which lists every entity and migration) may import anything.
 */
const LAYERS: Record<string, number> = {
  common: 0,
  config: 1,
  auth: 2,
  playbooks: 3,
  effects: 4,
  // A generic HTTP mechanism (a request's key and its stored answer) that knows no incident: the incidents edge uses it.
  idempotency: 4,
  incidents: 5,
  audit: 6,
  commitments: 6,
  'core-banking': 6,
  'follow-ups': 6,
  health: 6,
  liability: 6,
  'mass-compromise': 6,
  notifications: 6,
  simulator: 6,
};
const FEATURE = 6;
const ROOT = 7;

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

  it('never imports upwards: the engine knows no core, the core no feature, config no playbook', () => {
    expect(edges.filter(({ file, imported }) => layerOf(imported) > layerOf(file)).map((e) => e.edge)).toEqual([]);
  });

  it('keeps incidents/ free of every feature: features contribute their participants and view sections', () => {
    expect(edges.filter(({ file, imported }) => file.startsWith('incidents/') && layerOf(imported) >= FEATURE).map((e) => e.edge)).toEqual([]);
  });

  it('keeps effects/ free of any effect kind: no effect module imports a feature or the incidents it reports to', () => {
    expect(edges.filter(({ file, imported }) => file.startsWith('effects/') && layerOf(imported) >= layerOf('incidents/x')).map((e) => e.edge)).toEqual([]);
  });

  it('keeps the simulator out of production modules: only the composition root starts it', () => {
    expect(edges.filter(({ file, imported }) => imported.startsWith('simulator/') && !file.startsWith('simulator/') && layerOf(file) !== ROOT).map((e) => e.edge)).toEqual([]);
  });
});
