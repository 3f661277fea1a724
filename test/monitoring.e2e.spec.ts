import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { declaredMetrics } from './support/prometheus.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** Metric families an expression uses; a histogram's _bucket, _count and _sum belong to its family. */
const familiesIn = (expr: string) => [...expr.matchAll(/\blifeline_\w+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, ''));

interface AlertRule {
  alert: string;
  expr: string;
  annotations?: { summary?: string };
}

describe('the monitoring files under docker/ match what /metrics serves', () => {
  let t: TestApp;
  let served: Set<string>;

  beforeAll(async () => {
    t = await startTestApp();
    served = declaredMetrics((await t.http().get('/metrics').expect(200)).text);
  });

  afterAll(() => t?.close());

  const rules = (parse(read('docker/prometheus/alerts.yml')) as { groups: { rules: AlertRule[] }[] }).groups.flatMap((g) => g.rules);
  const dashboard = JSON.parse(read('docker/grafana/lifeline.json')) as { panels: { title: string; targets: { expr: string }[] }[] };

  it('alerts on dead effects, broken promises, queue age and time to block p99', () => {
    const uses = (family: string) => rules.some((r) => familiesIn(r.expr).includes(family));
    expect(uses('lifeline_dead_effects')).toBe(true);
    expect(uses('lifeline_commitments')).toBe(true);
    expect(uses('lifeline_queue_oldest_job_age_seconds')).toBe(true);
    expect(rules.some((r) => r.expr.includes('histogram_quantile(0.99') && familiesIn(r.expr).includes('lifeline_time_to_block_seconds'))).toBe(true);
    expect(rules.every((r) => r.alert && r.annotations?.summary)).toBe(true);
  });

  it.each(rules.map((r) => [r.alert, r.expr]))('alert %s uses only metrics /metrics serves', (_, expr) => {
    const families = familiesIn(expr);
    expect(families.length).toBeGreaterThan(0);
    expect(families.filter((f) => !served.has(f))).toEqual([]);
  });

  it('the Grafana dashboard uses only metrics /metrics serves', () => {
    const families = dashboard.panels.flatMap((p) => p.targets.flatMap((target) => familiesIn(target.expr)));
    expect(families.length).toBeGreaterThan(10);
    expect([...new Set(families)].filter((f) => !served.has(f))).toEqual([]);
  });
});
