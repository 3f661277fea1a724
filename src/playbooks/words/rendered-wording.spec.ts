import { attentionFor } from '../../incidents/attention.js';
import { describeCommitments } from '../../commitments/commitment.view.js';
import { wordsOnlyHandlers } from '../../../test/support/effect-handlers.js';
import type { IncidentEventEntity } from '../../incidents/incident-event.entity.js';
import type { IncidentEntity } from '../../incidents/incident.entity.js';
import { summarizeEvent } from '../../incidents/timeline.js';
import type { EffectEntity } from '../../effects/effect.entity.js';
import { MESSAGE_TEMPLATES, messageNeeds, renderMessage } from '../../notifications/message-templates.js';
import { MESSAGE_FACTS } from './message-facts.js';
import { EFFECT_KINDS } from '../catalog/effects.js';
import { EVENT_NAMES, eventSpec } from '../catalog/events.js';
import { IncidentCard, IncidentContext, initialContext } from '../catalog/incident-context.js';
import { renderStep } from '../guidance.js';
import { LOCALES, Locale, MEDIA, Medium, MOODS, Mood } from '../playbook.definition.js';
import { loadPlaybooks, PLAYBOOKS_DIR } from '../playbook.loader.js';
import { DEFAULT_READABILITY_LIMITS } from '../playbook.lint.js';
import { checkWording, forbiddenPhrasesFile, loadForbiddenPhrases, Wording, WordingOptions } from './wording.rules.js';

/**
 * Every word a person sees or hears, rendered as they get it: every step of every playbook, in both
 * languages and both media, for 1, 2, 5, 11 and 21 cards, in every mood, with failed cards; and the
 * timeline lines, attention lines, commitments and customer messages. The wording rules run on the output.
 */
const options: WordingOptions = { phrases: loadForbiddenPhrases(forbiddenPhrasesFile(PLAYBOOKS_DIR)), maxEnglishWords: DEFAULT_READABILITY_LIMITS.maxScriptWords };
const { playbooks, problems: loadProblems } = loadPlaybooks();
const PRODUCTS = ['Visa Classic Debit', 'Mastercard World Credit', 'Visa Gold Debit (joint)', 'Mastercard Kids Prepaid', 'Visa Fuel Card'];
const CARD_COUNTS = [1, 2, 5, 11, 21];

/** Half the cards with the product core banking gives, half passed by a caller without one; some failed. */
function cardsOf(n: number): IncidentCard[] {
  return Array.from({ length: n }, (_, i) => ({
    cardRef: `card-${i + 1}`,
    last4: String(1000 + i * 7),
    ...(i % 2 === 0 && { product: PRODUCTS[i % PRODUCTS.length] }),
    status: i === 1 ? 'block_failed' : i === 2 ? 'freeze_failed' : 'blocked',
    blockedAt: null,
    coreRef: null,
    failure: null,
  }));
}

function contextFor(locale: Locale, n: number, mood: Mood | null = null): IncidentContext {
  const base = initialContext({ customerRef: 'cust-1', locale, contactChannel: 'sms', cards: [], openedAt: '2026-03-01T10:00:00.000Z', timeZone: 'Europe/Moscow' });
  return { ...base, mood, cards: cardsOf(n), callbackAt: '2026-03-01T10:30:00.000Z' };
}

/** Names that come from core banking as they are: products, merchants, towns, transaction ids. */
const names = PRODUCTS.concat('Cafe Roma', 'Rome', 'tx-1', 'CB-000123', 'CB-000124');
function problemsIn(texts: Wording[]): string[] {
  return texts.flatMap((w) => checkWording({ names, ...w }, options));
}

it('loads every shipped playbook', () => {
  expect(loadProblems).toEqual([]);
  expect(playbooks.map((p) => p.definition.id).sort()).toEqual(['card-compromised', 'lost-card', 'mass-compromise', 'stolen-phone', 'stolen-wallet']);
});

describe.each(playbooks.map((p) => [p.definition.id, p] as const))('%s, as rendered', (_, playbook) => {
  const states = Object.keys(playbook.definition.states).filter((s) => playbook.definition.states[s].type !== 'final');
  const cases = LOCALES.flatMap((locale) => MEDIA.flatMap((medium) => CARD_COUNTS.map((n) => [locale, medium, n] as [Locale, Medium, number])));

  it.each(cases)('every step in %s, %s, %i card(s), every mood: passes the wording rules', (locale, medium, n) => {
    const texts: Wording[] = [];
    for (const state of states) {
      for (const mood of [null, ...MOODS]) {
        const step = renderStep(playbook.definition, state, contextFor(locale, n, mood), medium)!;
        const where = `${state} ${mood ?? 'calm'}`;
        const chat = medium === 'chat';
        texts.push({ where: `${where} say`, locale, text: step.say, script: n === 1, chat }, { where: `${where} title`, locale, text: step.title }, { where: `${where} do`, locale, text: step.do });
        for (const action of [step.primary, ...step.alternatives].filter((a) => a !== null)) {
          texts.push({ where: `${where} ${action.event}`, locale, text: action.label });
          for (const f of action.fields) texts.push({ where: `${where} ${action.event}.${f.name}`, locale, text: f.label });
        }
        // (The length limit counts a list of cards as one word, as playbook.lint does: checked with one card.)
        // Every step offers the mood switch, whatever its own events.
        expect(step.alternatives.map((a) => a.event)).toContain('CUSTOMER_MOOD');
        expect(step.say).not.toMatch(/\{\w+\}|••••|undefined/);
      }
    }
    expect(problemsIn(texts)).toEqual([]);
  });

  it.each(LOCALES.flatMap((locale) => CARD_COUNTS.map((n) => [locale, n] as [Locale, number])))('every timeline line in %s, %i card(s)', (locale, n) => {
    const context = contextFor(locale, n);
    const data = {
      cardRef: 'card-1', reason: 'core banking timed out after 5000 ms', channel: 'phone', template: 'card-frozen', eta: '2026-03-05T10:00:00.000Z',
      revoked: 2, score: 4, kind: 'callback', reference: 'CB-000123', coreRef: 'CB-000124', readyAt: '2026-03-01T11:00:00.000Z', outcome: 'kept', transactionIds: 'tx-1', decision: 'refunded', batch: 3, blocked: 5, failed: 1, ordered: 5, customers: 4, cardCount: n, mood: 'angry', disputed: ['tx-1'],
    };
    const texts: Wording[] = [];
    // What can reach this playbook's timeline: its own events, aftercare, promises, follow-ups, the opening.
    const handled = (type: string) => Boolean(playbook.definition.on[type]) || Object.values(playbook.definition.states).some((s) => s.on[type]);
    const outside = (type: string) => eventSpec(type)?.aftercare || /^(COMMITMENT|FOLLOW_UP|INCIDENT)_/.test(type);
    for (const type of (EVENT_NAMES as string[]).concat('INCIDENT_OPENED').filter((t) => handled(t) || outside(t))) {
      const from = Object.keys(playbook.definition.states).find((s) => playbook.definition.states[s].on[type]) ?? null;
      const event = { type, data, stateFrom: from, outcome: 'applied' } as unknown as IncidentEventEntity;
      texts.push({ where: `timeline ${type}`, locale, text: summarizeEvent(event, locale, context, playbook.definition, wordsOnlyHandlers()) });
    }
    expect(problemsIn(texts)).toEqual([]);
  });
});

describe('lines around the steps', () => {
  const effect = (kind: string, params: Record<string, unknown>): EffectEntity =>
    ({ id: `e-${kind}`, kind, params, status: 'dead', lastError: 'Core banking answered 503 Service Unavailable', createdAt: new Date('2026-03-01T10:00:00Z'), updatedAt: new Date('2026-03-01T10:01:00Z') }) as unknown as EffectEntity;
  const params = {
    cardRef: 'card-1', last4: '1000', mode: 'block', reason: 'stolen', template: 'card-frozen', contactChannel: 'messenger', batch: 2, at: '2026-03-01T10:30:00.000Z',
    delivery: { kind: 'branch', branchId: 'Тверская, 1' }, express: true,
  };

  it.each(LOCALES)('attention lines and commitments for every effect in %s', (locale) => {
    const context = { ...contextFor(locale, 2), cards: [] };
    const effects = EFFECT_KINDS.map((kind) => effect(kind, params));
    // Each effect alone, so every handler's one say and one do is read.
    const texts: Wording[] = effects.flatMap((e) => {
      const a = attentionFor([e], context, wordsOnlyHandlers());
      return a
        ? [
            { where: `attention ${e.kind} failed`, locale, text: a.items[0].failed },
            { where: `attention ${e.kind} say`, locale, text: a.say },
            { where: `attention ${e.kind} do`, locale, text: a.do },
          ]
        : [];
    });
    expect(texts.length).toBeGreaterThanOrEqual(30);
    const incident = { locale, snapshot: { context } } as unknown as IncidentEntity;
    for (const c of describeCommitments(effects, incident, [], new Date('2026-03-01T11:00:00Z'), wordsOnlyHandlers())) texts.push({ where: `commitment ${c.what}`, locale, text: `${c.what} ${c.owner}` });
    expect(problemsIn(texts)).toEqual([]);
  });

  it.each(LOCALES.flatMap((locale) => CARD_COUNTS.map((n) => [locale, n] as [Locale, number])))('every customer message in %s, %i card(s)', (locale, n) => {
    const texts: Wording[] = [];
    for (const template of MESSAGE_TEMPLATES) {
      for (const kind of template === 'commitment-late' ? ['callback', 'reissue', 'refund_decision', 'emergency_cash'] : ['']) {
        const facts = locale === 'ru'
          ? { kind, dueBy: '1 марта в 13:30', card: 'Visa Classic Debit с последними цифрами 1000', payment: '120,00 евро — Cafe Roma (Rome)' }
          : { kind, dueBy: '1 March at 13:30', card: 'Visa Classic Debit ending 1000', payment: '120.00 euros at Cafe Roma (Rome)' };
        const values = { ...facts, cardRef: 'card-1', decision: kind ? 'refunded' : 'declined', amount: locale === 'ru' ? '500,00 евро' : '500.00 euros', readyAt: facts.dueBy, pickUpCode: '042917', reference: 'CB-000123' };
        const context = { ...contextFor(locale, n), newCardsOrdered: true, emergencyCash: { status: 'ordered' as const, reference: 'CB-000123', readyAt: '2026-03-01T11:00:00.000Z' } };
        // With every fact that can be so (each sentence said), and with only those the message needs (each optional one left out).
        const all = renderMessage(template, locale, context, values, new Set(MESSAGE_FACTS));
        const text = `${all} ${renderMessage(template, locale, context, values, new Set(messageNeeds(template)))}`;
        expect(text).not.toMatch(/••••|undefined|\d{4}-\d\d-\d\dT/);
        texts.push({ where: `message ${template} ${kind}`, locale, text, chat: true });
      }
    }
    expect(problemsIn(texts)).toEqual([]);
  });
});
