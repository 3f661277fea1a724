import type { Locale, PlaybookDefinition, StateDefinition } from '../playbook.definition.js';
import { BOX, DiagramLayout, EdgeKind, LABEL_FONT, layoutDiagram, StateBox } from './diagram.layout.js';

/**
 * A playbook's state graph as a standalone SVG, for authors and reviewers: the primary path
 * highlighted down the left, exceptions beside it, job reports dotted. No browser needed.
 */
export function renderDiagram(definition: PlaybookDefinition, locale: Locale = 'en', hash?: string): string {
  const layout = layoutDiagram(definition);
  const header = headerLines(definition, locale, hash);
  const margin = 24;
  const headerHeight = 40 + header.notes.length * 16 + 24;
  const x = layout.bounds.x - margin;
  // Room above the first step for the header and the start marker.
  const y = layout.bounds.y - margin - headerHeight - 56;
  const width = Math.ceil(Math.max(layout.bounds.width + 2 * margin, 880));
  const height = Math.ceil(layout.bounds.y + layout.bounds.height + margin - y);
  const initial = layout.boxes.find((b) => b.id === definition.initial)!;
  const top = y + margin;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x} ${y} ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(header.title)}">`,
    `<style>${STYLE}</style>`,
    `<defs>${KINDS.map((k) => `<marker id="arrow-${k}" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="${k === 'primary-path' ? 14 : 10}" markerHeight="${k === 'primary-path' ? 14 : 10}" orient="auto"><path d="M0,0 L10,5 L0,10 z" class="arrowhead ${k}"/></marker>`).join('')}</defs>`,
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" class="page"/>`,
    `<text x="${x + margin}" y="${top + 18}" class="heading">${esc(header.title)}</text>`,
    ...header.notes.map((note, i) => `<text x="${x + margin}" y="${top + 40 + i * 16}" class="note">${esc(note)}</text>`),
    legend(x + margin, top + 40 + header.notes.length * 16 + 8, locale),
    `<g class="start"><circle cx="${initial.x + BOX.width / 2}" cy="${initial.y - 40}" r="6"/><path d="M${initial.x + BOX.width / 2},${initial.y - 34} L${initial.x + BOX.width / 2},${initial.y}" marker-end="url(#arrow-primary-path)"/></g>`,
    ...layout.edges.map(edge),
    ...layout.boxes.map((b) => stateBox(b, definition.states[b.id], locale)),
    ...layout.edges.map(edgeLabel),
    '</svg>',
  ].join('\n');
}

const KINDS: EdgeKind[] = ['primary-path', 'primary', 'exception', 'report'];

const ACCENT = '#0b5cad';
const STYLE = [
  `.page{fill:#fff}`,
  `text{font-family:'Helvetica Neue',Arial,'DejaVu Sans',sans-serif;fill:#1d2733}`,
  `.heading{font-size:18px;font-weight:700}`,
  `.note{font-size:12px;fill:#56616d}`,
  `.label text,.state .id{font-family:Menlo,Consolas,'DejaVu Sans Mono',monospace}`,
  `.state rect{fill:#fff;stroke:#8a949e;stroke-width:1.2}`,
  `.state.on-path rect{fill:#eef5fd;stroke:${ACCENT};stroke-width:2.5}`,
  `.state.final rect{fill:#eef8f0;stroke:#2e7d32;stroke-width:1.5}`,
  `.state.final.cancelled rect{fill:#f3f3f3;stroke:#6b6b6b}`,
  `.state .title{font-size:13px;font-weight:600}`,
  `.state .id{font-size:10.5px;fill:#6b7580}`,
  `.edge path{fill:none;stroke:#5f6b76;stroke-width:1.4}`,
  `.edge.primary-path path{stroke:${ACCENT};stroke-width:3}`,
  `.edge.primary path{stroke:#3b4650;stroke-width:1.8}`,
  `.edge.exception path{stroke-dasharray:7 4}`,
  `.edge.report path{stroke:#a86a00;stroke-dasharray:2 4}`,
  `.arrowhead{fill:#5f6b76}.arrowhead.primary-path{fill:${ACCENT}}.arrowhead.primary{fill:#3b4650}.arrowhead.report{fill:#a86a00}`,
  `.label rect{fill:#fff;fill-opacity:0.92}`,
  `.label text{font-size:11px;fill:#3b4650}`,
  `.label.primary-path text{fill:${ACCENT};font-weight:700}`,
  `.label.report text{fill:#a86a00}`,
  `.label .guard{font-style:italic}`,
  `.start circle{fill:${ACCENT}}.start path{stroke:${ACCENT};stroke-width:3}`,
].join('');

const WORDS: Record<Locale, { handledEverywhere: string; legend: Record<EdgeKind | 'final', string>; outcome: Record<string, string> }> = {
  en: {
    handledEverywhere: 'Reports handled in every step',
    legend: { 'primary-path': 'primary path', primary: "a step's main action", exception: 'exception', report: 'job report', final: 'end' },
    outcome: { resolved: 'Resolved', cancelled: 'Cancelled' },
  },
  ru: {
    handledEverywhere: 'События, обрабатываемые на любом шаге',
    legend: { 'primary-path': 'основной путь', primary: 'основное действие шага', exception: 'исключение', report: 'отчёт задачи', final: 'конец' },
    outcome: { resolved: 'Решено', cancelled: 'Отменено' },
  },
};

function headerLines(definition: PlaybookDefinition, locale: Locale, hash?: string) {
  const title = `${definition.title[locale]} — ${definition.id} v${definition.version}${hash ? ` (${hash.slice(0, 12)})` : ''}`;
  const global = Object.keys(definition.on);
  const notes = global.length === 0 ? [] : wrap(`${WORDS[locale].handledEverywhere}: ${global.join(', ')}`, 120);
  return { title, notes };
}

function legend(x: number, y: number, locale: Locale): string {
  let left = x;
  const items = KINDS.map((kind) => {
    const text = WORDS[locale].legend[kind];
    const item = `<g class="edge ${kind}"><path d="M${left},${y} L${left + 40},${y}" marker-end="url(#arrow-${kind})"/></g><text x="${left + 48}" y="${y + 4}" class="note">${esc(text)}</text>`;
    left += 48 + text.length * 7 + 28;
    return item;
  });
  const final = `<g class="state final"><rect x="${left}" y="${y - 8}" width="30" height="16" rx="5"/><rect x="${left + 3}" y="${y - 5}" width="24" height="10" rx="3"/></g><text x="${left + 38}" y="${y + 4}" class="note">${esc(WORDS[locale].legend.final)}</text>`;
  return `<g class="legend">${items.join('')}${final}</g>`;
}

function edge(e: DiagramLayout['edges'][number]): string {
  return `<g class="edge ${e.kind}" data-from="${esc(e.from)}" data-to="${esc(e.to)}" data-events="${esc(e.events.join(' '))}"><path d="${e.d}" marker-end="url(#arrow-${e.kind})"/></g>`;
}

function edgeLabel(e: DiagramLayout['edges'][number]): string {
  const { x, y, width, height, lines } = e.label;
  const text = lines
    .map((line, i) => `<text x="${x + 4}" y="${y + 13 + i * LABEL_FONT.lineHeight}"${i > 0 ? ' class="guard"' : ''}>${esc(line)}</text>`)
    .join('');
  return `<g class="label ${e.kind}" data-events="${esc(e.events.join(' '))}"><rect x="${x}" y="${y}" width="${width}" height="${height}" rx="3"/>${text}</g>`;
}

function stateBox(b: StateBox, state: StateDefinition, locale: Locale): string {
  const final = state.type === 'final';
  const classes = ['state', b.onPath ? 'on-path' : 'off-path', ...(final ? ['final', state.outcome!] : [])].join(' ');
  const title = state.step?.title[locale] ?? WORDS[locale].outcome[state.outcome ?? ''] ?? b.id;
  const wrapped = wrap(title, 28);
  const lines = wrapped.length > 2 ? [wrapped[0], `${wrapped[1]}…`] : wrapped;
  const firstLine = lines.length === 1 ? b.y + 27 : b.y + 20;
  const border = `<rect x="${b.x}" y="${b.y}" width="${BOX.width}" height="${BOX.height}" rx="10"/>`;
  // A double border marks the end of the incident.
  const inner = final ? `<rect x="${b.x + 4}" y="${b.y + 4}" width="${BOX.width - 8}" height="${BOX.height - 8}" rx="7"/>` : '';
  const titles = lines.map((line, i) => `<text x="${b.x + BOX.width / 2}" y="${firstLine + i * 16}" text-anchor="middle" class="title">${esc(line)}</text>`).join('');
  const id = `<text x="${b.x + BOX.width / 2}" y="${b.y + BOX.height - (final ? 12 : 10)}" text-anchor="middle" class="id">${esc(b.id)}</text>`;
  return `<g class="${classes}" id="state-${esc(b.id)}" data-state="${esc(b.id)}">${border}${inner}${titles}${id}</g>`;
}

/** Greedy word wrap; an over-long last line ends in an ellipsis. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && (last + ' ' + word).length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word.length > width ? `${word.slice(0, width - 1)}…` : word);
  }
  return lines;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
