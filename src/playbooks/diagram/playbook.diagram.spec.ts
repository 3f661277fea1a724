import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PLAYBOOKS_DIR } from '../playbook.loader.js';
import type { PlaybookDefinition } from '../playbook.definition.js';
import { validatePlaybook } from '../playbook.validator.js';
import { findAll, parseXml, textOf, type XmlElement } from '../../../test/support/xml.js';
import { renderDiagram } from './playbook.diagram.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = Record<string, any>;

const classes = (e: XmlElement) => (e.attributes.class ?? '').split(/\s+/);

const shipped: Raw = parse(readFileSync(join(PLAYBOOKS_DIR, 'stolen-wallet.yaml'), 'utf8'));

function definition(raw: Raw): PlaybookDefinition {
  const { definition, problems } = validatePlaybook(structuredClone(raw));
  expect(problems).toEqual([]);
  return definition!;
}

describe('renderDiagram', () => {
  const stolenWallet = definition(shipped);
  const svg = parseXml(renderDiagram(stolenWallet, 'en', 'a'.repeat(64)));
  const edges = findAll(svg, (e) => e.name === 'g' && classes(e).includes('edge') && 'data-events' in e.attributes);
  const edge = (from: string, event: string) =>
    edges.find((e) => e.attributes['data-from'] === from && e.attributes['data-events'].split(' ').includes(event));

  it('is a well-formed standalone SVG', () => {
    // The reader is strict: the check below would catch a broken document.
    for (const broken of ['<svg><g></svg>', '<svg a=1/>', '<svg>fish & chips</svg>', '<svg/><svg/>']) expect(() => parseXml(broken)).toThrow();
    expect(svg.name).toBe('svg');
    expect(svg.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(svg.attributes.viewBox).toMatch(/^-?[\d.]+ -?[\d.]+ \d+ \d+$/);
  });

  it('draws every state once, with its id and English step title', () => {
    const states = findAll(svg, (e) => classes(e).includes('state') && 'data-state' in e.attributes);
    expect(states.map((s) => s.attributes['data-state']).sort()).toEqual(Object.keys(stolenWallet.states).sort());
    const reassure = states.find((s) => s.attributes['data-state'] === 'reassure')!;
    expect(textOf(reassure)).toContain('Reassure the customer');
    expect(textOf(reassure)).toContain('reassure');
  });

  it('highlights the primary path, states and edges, and nothing else', () => {
    const highlighted = edges.filter((e) => classes(e).includes('primary-path'));
    expect(highlighted.map((e) => `${e.attributes['data-from']} → ${e.attributes['data-to']}`)).toEqual([
      'reassure → verify_identity',
      'verify_identity → blocking_cards',
      'blocking_cards → review_transactions',
      'review_transactions → emergency_help',
      'emergency_help → reissue',
      'reissue → callback',
      'callback → closing',
      'closing → awaiting_callback',
      'awaiting_callback → calling_back',
      'calling_back → resolved',
    ]);
    expect(classes(edge('verify_identity', 'IDENTITY_FAILED')!)).toEqual(['edge', 'exception']);
    expect(classes(edge('blocking_cards', 'CARD_BLOCK_FAILED')!)).toEqual(['edge', 'report']);
    // block_failed's own main action is not part of the primary path.
    expect(classes(edge('block_failed', 'BLOCK_RETRY_REQUESTED')!)).toEqual(['edge', 'primary']);

    const onPath = findAll(svg, (e) => classes(e).includes('on-path')).map((e) => e.attributes['data-state']);
    expect(onPath).not.toContain('identity_fallback');
    expect(onPath).toContain('reissue');
  });

  it('labels every transition with its event, and its guard', () => {
    const labels = findAll(svg, (e) => classes(e).includes('label')).map(textOf);
    expect(labels).toContain('BLOCKS_CONFIRMED[allCardsBlocked]');
    expect(labels).toContain('CUSTOMER_UNREACHABLE');
    // Transitions that stay on the step (job reports recorded in place) are not arrows.
    expect(edge('block_failed', 'CARD_BLOCK_FAILED')).toBeUndefined();
    expect(labels).toHaveLength(edges.length);
  });

  it('draws events of the same kind between the same two steps as one arrow with every event on its label', () => {
    const raw = structuredClone(shipped);
    raw.states.blocking_cards.on.TRANSACTIONS_UNAVAILABLE = { target: 'block_failed' };
    const doc = parseXml(renderDiagram(definition(raw), 'en'));
    const reports = findAll(doc, (e) => e.name === 'g' && classes(e).includes('edge') && e.attributes['data-from'] === 'blocking_cards' && e.attributes['data-to'] === 'block_failed');
    expect(reports.map((e) => e.attributes['data-events'])).toEqual(['CARD_BLOCK_FAILED TRANSACTIONS_UNAVAILABLE']);
    const label = findAll(doc, (e) => classes(e).includes('label') && e.attributes['data-events'] === 'CARD_BLOCK_FAILED TRANSACTIONS_UNAVAILABLE')[0];
    expect(label.children.filter((c) => c.name === 'text').map(textOf)).toEqual(['CARD_BLOCK_FAILED', 'TRANSACTIONS_UNAVAILABLE']);
  });

  it('gives final states a double border', () => {
    const resolved = findAll(svg, (e) => e.attributes['data-state'] === 'resolved')[0];
    expect(classes(resolved)).toEqual(expect.arrayContaining(['final', 'resolved']));
    expect(resolved.children.filter((c) => c.name === 'rect')).toHaveLength(2);
    const step = findAll(svg, (e) => e.attributes['data-state'] === 'reassure')[0];
    expect(step.children.filter((c) => c.name === 'rect')).toHaveLength(1);
  });

  it('escapes text that would break the XML', () => {
    const raw = structuredClone(shipped);
    raw.title.en = 'Cards & "PINs" <stolen>';
    raw.states.reassure.step.title.en = "Customer's <wallet> & keys";
    const rendered = renderDiagram(definition(raw), 'en');
    const doc = parseXml(rendered);
    expect(rendered).toContain('Cards &amp; &quot;PINs&quot; &lt;stolen&gt;');
    expect(textOf(findAll(doc, (e) => e.attributes['data-state'] === 'reassure')[0])).toContain('Customer&apos;s &lt;wallet&gt; &amp; keys');
  });

  it('speaks Russian when asked', () => {
    const ru = parseXml(renderDiagram(stolenWallet, 'ru'));
    expect(textOf(findAll(ru, (e) => e.attributes['data-state'] === 'reassure')[0])).toContain('Успокоить клиента');
    expect(textOf(findAll(ru, (e) => e.attributes['data-state'] === 'resolved')[0])).toContain('Решено');
  });
});
