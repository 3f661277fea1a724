/** One measured figure next to its raw ceiling and its target: what RESULTS.md and results.json are made of. */
export interface Figure {
  target: string;
  name: string;
  value: number;
  unit: string;
  /** The same work with the bare tool (pg, BullMQ, …), measured in the same run. */
  raw?: { value: number; unit: string; what: string };
  /** value ÷ raw for rates; omitted where a ratio means nothing. */
  ratio?: number;
  /** What the issue asks, in words. */
  goal: string;
  met: boolean;
  note?: string;
}

export const ms = (n: number) => (!Number.isFinite(n) ? 'n/a' : `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`);

export function rateFigure(target: string, name: string, value: number, unit: string, raw: Figure['raw'] & {}, minRatio: number, goal: string, note?: string): Figure {
  const ratio = value / raw.value;
  return { target, name, value, unit, raw, ratio, goal, met: ratio >= minRatio, note };
}

export function latencyFigure(target: string, name: string, value: number, limitMs: number, goal: string, note?: string): Figure {
  return { target, name, value, unit: 'ms', goal, met: value <= limitMs, note };
}
