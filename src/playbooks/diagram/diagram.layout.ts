import { eventSpec } from '../catalog/events.js';
import type { PlaybookDefinition } from '../playbook.definition.js';
import { primaryPath } from '../primary-path.js';

export type EdgeKind = 'primary-path' | 'primary' | 'exception' | 'report';

export interface StateBox {
  id: string;
  x: number;
  y: number;
  col: number;
  rank: number;
  onPath: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One arrow; events of the same kind between the same two states share it. */
export interface EdgeRoute {
  from: string;
  to: string;
  events: string[];
  kind: EdgeKind;
  /** SVG path data, ending on the target's border (the arrowhead goes there). */
  d: string;
  label: Rect & { lines: string[] };
}

export interface DiagramLayout {
  boxes: StateBox[];
  edges: EdgeRoute[];
  bounds: Rect;
}

export const BOX = { width: 250, height: 62 };
/** Event names are drawn in an 11px monospace font: about this wide per character, this tall per line. */
export const LABEL_FONT = { charWidth: 6.8, lineHeight: 14 };

const ROW = 150;
const COLUMN = BOX.width + 300;
const PORT_GAP = 14;

interface Point {
  x: number;
  y: number;
}

type Side = 'left' | 'right';

interface Draft {
  index: number;
  from: StateBox;
  to: StateBox;
  events: { event: string; guard?: string }[];
  kind: EdgeKind;
  route: 'straight' | 'arc' | 'cross';
  /** Arcs only: how far the curve swings out beside its column. */
  bulge: number;
  start?: Point;
  end?: Point;
}

/**
 * Where each state and transition of a playbook goes on the page. The primary path is one
 * column, top to bottom; exception states hang to its right, half a row below the step they
 * leave from, so the operator's one clear path reads straight down.
 */
export function layoutDiagram(definition: PlaybookDefinition): DiagramLayout {
  const path = primaryPath(definition);
  const boxes = placeStates(definition, path);
  const drafts = routeEdges(definition, path, boxes);
  assignPorts(drafts);
  const placed: Rect[] = [...boxes.values()].map((b) => pad({ x: b.x, y: b.y, width: BOX.width, height: BOX.height }, 4));
  const edges = drafts.sort(pathFirst).map((draft) => finishEdge(draft, placed));
  return { boxes: [...boxes.values()], edges, bounds: boundsOf(placed, drafts) };
}

function placeStates(definition: PlaybookDefinition, path: string[]): Map<string, StateBox> {
  const boxes = new Map<string, StateBox>();
  const put = (id: string, rank: number, col: number) =>
    boxes.set(id, { id, rank, col, x: col * COLUMN, y: rank * ROW, onPath: col === 0 });
  path.forEach((id, i) => put(id, i, 0));
  const queue = [...path];
  while (queue.length > 0) {
    const from = boxes.get(queue.shift()!)!;
    for (const t of Object.values(definition.states[from.id].on)) {
      if (!t.target || boxes.has(t.target)) continue;
      const rank = from.rank + (from.col === 0 ? 0.5 : 1);
      // A chain of exception steps reads down its own column, next to where it began.
      let col = Math.max(from.col, 1);
      while ([...boxes.values()].some((b) => b.col === col && Math.abs(b.rank - rank) < 0.6)) col++;
      put(t.target, rank, col);
      queue.push(t.target);
    }
  }
  return boxes;
}

function routeEdges(definition: PlaybookDefinition, path: string[], boxes: Map<string, StateBox>): Draft[] {
  const drafts: Draft[] = [];
  for (const [name, state] of Object.entries(definition.states)) {
    for (const [event, t] of Object.entries(state.on)) {
      // A transition without a target only records something; the operator stays on the step.
      if (!t.target) continue;
      const from = boxes.get(name)!;
      const to = boxes.get(t.target)!;
      const onPath = t.primary === true && path[path.indexOf(name) + 1] === t.target && from.onPath;
      const kind: EdgeKind = onPath ? 'primary-path' : t.primary ? 'primary' : eventSpec(event)?.source === 'job' ? 'report' : 'exception';
      const shared = drafts.find((d) => d.from === from && d.to === to && d.kind === kind);
      if (shared) shared.events.push({ event, guard: t.guard?.type });
      else drafts.push({ index: drafts.length, from, to, events: [{ event, guard: t.guard?.type }], kind, route: 'cross', bulge: 0 });
    }
  }
  const ordered = [...drafts].sort(pathFirst);
  const straight = new Set<string>();
  const arcsBetween = new Map<string, number>();
  for (const d of ordered) {
    if (d.from.col !== d.to.col) continue;
    const pair = `${d.from.id}→${d.to.id}`;
    if (d.to.rank - d.from.rank === 1 && !straight.has(pair)) {
      straight.add(pair);
      d.route = 'straight';
      continue;
    }
    const key = [d.from.id, d.to.id].sort().join('|');
    const k = arcsBetween.get(key) ?? 0;
    arcsBetween.set(key, k + 1);
    d.route = 'arc';
    d.bulge = 50 + 40 * Math.abs(d.to.rank - d.from.rank) + 28 * k;
  }
  return drafts;
}

/** The primary path gets the straight lines and the first pick of label spots. */
const pathFirst = (a: Draft, b: Draft) => Number(b.kind === 'primary-path') - Number(a.kind === 'primary-path') || a.index - b.index;

/** Spreads the ends that meet one side of a box, ordered so curves nest instead of crossing. */
function assignPorts(drafts: Draft[]): void {
  const sides = new Map<string, { draft: Draft; end: 'start' | 'end'; box: StateBox; other: StateBox; side: Side }[]>();
  const add = (draft: Draft, end: 'start' | 'end', box: StateBox, other: StateBox, side: Side) => {
    const key = `${box.id}:${side}`;
    sides.set(key, [...(sides.get(key) ?? []), { draft, end, box, other, side }]);
  };
  for (const d of drafts) {
    if (d.route === 'straight') {
      d.start = { x: d.from.x + BOX.width / 2, y: d.from.y + BOX.height };
      d.end = { x: d.to.x + BOX.width / 2, y: d.to.y };
    } else if (d.route === 'arc') {
      const side = arcSide(d);
      add(d, 'start', d.from, d.to, side);
      add(d, 'end', d.to, d.from, side);
    } else {
      const rightward = d.to.col > d.from.col;
      add(d, 'start', d.from, d.to, rightward ? 'right' : 'left');
      add(d, 'end', d.to, d.from, rightward ? 'left' : 'right');
    }
  }
  for (const ends of sides.values()) {
    const key = (e: (typeof ends)[number]): number[] => {
      const group = Math.sign(e.other.y - e.box.y) + 1;
      if (e.draft.route === 'cross') return [group, e.other.y, 0, e.draft.index];
      // The outer arc (larger bulge) takes the outer port, so nested arcs never cross.
      return [group, -e.other.y, group === 0 ? e.draft.bulge : -e.draft.bulge, e.draft.index];
    };
    ends.sort((a, b) => compareKeys(key(a), key(b)));
    const spacing = ends.length > 1 ? Math.min(PORT_GAP, (BOX.height - 12) / (ends.length - 1)) : 0;
    ends.forEach((e, i) => {
      const point = {
        x: e.side === 'left' ? e.box.x : e.box.x + BOX.width,
        y: e.box.y + BOX.height / 2 + (i - (ends.length - 1) / 2) * spacing,
      };
      e.draft[e.end] = point;
    });
  }
}

/** Arcs swing out on the primary column's free left side, and on the right of exception columns. */
const arcSide = (d: Draft): Side => (d.from.col === 0 ? 'left' : 'right');

function controls(d: Draft): [Point, Point, Point, Point] {
  const p0 = d.start!;
  const p3 = d.end!;
  if (d.route === 'straight') return [p0, p0, p3, p3];
  if (d.route === 'arc') {
    const out = arcSide(d) === 'left' ? -d.bulge : d.bulge;
    return [p0, { x: p0.x + out, y: p0.y }, { x: p3.x + out, y: p3.y }, p3];
  }
  const half = (p3.x - p0.x) / 2;
  return [p0, { x: p0.x + half, y: p0.y }, { x: p3.x - half, y: p3.y }, p3];
}

function bezier([p0, p1, p2, p3]: [Point, Point, Point, Point], t: number): Point {
  const u = 1 - t;
  const at = (a: number, b: number, c: number, d: number) => u * u * u * a + 3 * u * u * t * b + 3 * u * t * t * c + t * t * t * d;
  return { x: at(p0.x, p1.x, p2.x, p3.x), y: at(p0.y, p1.y, p2.y, p3.y) };
}

const LABEL_POSITIONS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];

/** The path data, and a label spot along the curve that no box or earlier label covers. */
function finishEdge(d: Draft, placed: Rect[]): EdgeRoute {
  const c = controls(d);
  const [p0, p1, p2, p3] = c.map((p) => ({ x: round(p.x), y: round(p.y) }));
  const path = d.route === 'straight' ? `M${p0.x},${p0.y} L${p3.x},${p3.y}` : `M${p0.x},${p0.y} C${p1.x},${p1.y} ${p2.x},${p2.y} ${p3.x},${p3.y}`;
  const lines = d.events.flatMap(({ event, guard }) => (guard ? [event, `[${guard}]`] : [event]));
  const width = Math.max(...lines.map((l) => l.length)) * LABEL_FONT.charWidth + 8;
  const height = lines.length * LABEL_FONT.lineHeight + 4;
  // On the curve first; then just above or below it, still touching it.
  const candidates = [0, -1, 1].flatMap((shift) =>
    LABEL_POSITIONS.map((t): Rect => {
      const p = bezier(c, t);
      return { x: round(labelLeft(d, p.x, width)), y: round(p.y - height / 2 + (shift * (height + 2)) / 2), width: round(width), height };
    }),
  );
  const spot = candidates.find((r) => !placed.some((other) => overlaps(r, other))) ?? candidates[0];
  placed.push(spot);
  return { from: d.from.id, to: d.to.id, events: d.events.map((e) => e.event), kind: d.kind, d: path, label: { ...spot, lines } };
}

/** Beside straight lines and outside arcs, so the line stays visible; centred on curves between columns. */
function labelLeft(d: Draft, x: number, width: number): number {
  if (d.route === 'straight') return x + 8;
  if (d.route === 'arc') return arcSide(d) === 'left' ? x - width - 4 : x + 4;
  return x - width / 2;
}

function boundsOf(placed: Rect[], drafts: Draft[]): Rect {
  const points = drafts.flatMap(controls);
  const xs = [...placed.flatMap((r) => [r.x, r.x + r.width]), ...points.map((p) => p.x)];
  const ys = [...placed.flatMap((r) => [r.y, r.y + r.height]), ...points.map((p) => p.y)];
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const pad = (r: Rect, by: number): Rect => ({ x: r.x - by, y: r.y - by, width: r.width + 2 * by, height: r.height + 2 * by });
const round = (n: number) => Math.round(n * 10) / 10;

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
