import { loadShippedPlaybook } from '../../test/support/playbook-incident.js';
import type { EffectDraft, EffectParams } from '../playbooks/catalog/effects.js';
import { eventSpec, type FieldSpec } from '../playbooks/catalog/events.js';
import type { IncidentContext, IncidentInput } from '../playbooks/catalog/incident-context.js';
import type { CompiledPlaybook } from '../playbooks/playbook.compiler.js';
import type { Locale } from '../playbooks/playbook.definition.js';
import { allowedEvents, decide, type IncidentSnapshot, isRefusal, startIncident } from '../playbooks/playbook.engine.js';
import { type EffectState, type MessageFact, messageFacts } from '../playbooks/words/message-facts.js';
import { messageWithheld, renderMessage } from './message-templates.js';

/**
 * Walks every path of every customer-facing playbook (each operator action in each step, with every job
 * succeeding, or every job given up), and reads each message the way the handler writes it when it runs:
 * from the incident as it is then. No message may state a thing that is not done or under way.
 */

/** What a sentence claims, and the fact that must hold for it. */
const CLAIMS: [RegExp, MessageFact][] = [
  [/\bblocked\b|заблокирован/i, 'cardsBlocked'],
  [/\bfroze|\bfrozen\b|заморож/i, 'cardsFrozen'],
  [/working again|снова работа/i, 'cardsWorking'],
  [/on (its|their) way|уже (в пути|заказаны)/i, 'newCardsOrdered'],
  [/call you (back |again )?at|(перезвоним|позвоним) вам \d/i, 'callbackScheduled'],
  [/emergency cash|экстренные наличные/i, 'emergencyCashOrdered'],
  [/signed your lost phone out|завершили сеансы/i, 'phoneSignedOut'],
  [/from its mobile wallet|из его мобильного кошелька/i, 'walletTokensRemoved'],
];

const CARDS = [
  { cardRef: 'card-a', last4: '1111', product: 'Visa Classic Debit' },
  { cardRef: 'card-b', last4: '2222' },
];
const OPENED_AT = '2025-03-01T10:00:00.000Z';
const LATER = '2025-03-03T10:00:00.000Z';

/** A valid value for each field, as the console would send it. */
const valueOf = (f: FieldSpec) =>
  f.options?.[0] ??
  (f.type === 'boolean' ? true : f.type === 'number' ? 1 : f.type === 'datetime' ? '2025-03-01T15:00:00.000Z' : f.name === 'address' ? '1 Tverskaya St' : 'ref-1');

/** The report a job sends when its effect succeeds or is given up; none for what reports nothing to the step. */
function reportOf(e: EffectDraft, ok: boolean): { type: string; data: Record<string, unknown> } | null {
  const p = e.params as Record<string, unknown>;
  const card = { cardRef: p.cardRef, coreRef: 'CB-1', blockedAt: OPENED_AT };
  const failed = { cardRef: p.cardRef, reason: 'core banking is unavailable' };
  switch (e.kind) {
    case 'blockCard': {
      const freeze = (e.params as EffectParams['blockCard']).mode === 'freeze';
      return ok ? { type: freeze ? 'CARD_FROZEN' : 'CARD_BLOCKED', data: card } : { type: freeze ? 'CARD_FREEZE_FAILED' : 'CARD_BLOCK_FAILED', data: failed };
    }
    case 'unblockCard':
      return ok ? { type: 'CARD_UNFROZEN', data: { ...card, unfrozenAt: OPENED_AT } } : { type: 'CARD_UNFREEZE_FAILED', data: failed };
    case 'revokeAppSessions':
      return ok ? { type: 'SESSIONS_REVOKED', data: { revoked: 1, coreRef: 'CB-2', revokedAt: OPENED_AT } } : { type: 'SESSIONS_REVOKE_FAILED', data: failed };
    case 'revokeWalletTokens':
      return ok ? { type: 'WALLET_TOKENS_REVOKED', data: { ...card, revoked: 1, revokedAt: OPENED_AT } } : { type: 'WALLET_TOKENS_REVOKE_FAILED', data: failed };
    case 'scheduleReissue':
      return ok ? { type: 'REISSUE_ORDERED', data: { ...card, newLast4: '9999', eta: LATER } } : { type: 'REISSUE_FAILED', data: failed };
    case 'loadTransactions':
      return ok ? { type: 'TRANSACTIONS_LOADED', data: { transactions: [] } } : { type: 'TRANSACTIONS_UNAVAILABLE', data: { reason: 'core banking is unavailable' } };
    case 'orderEmergencyCash':
      return ok ? { type: 'EMERGENCY_CASH_ORDERED', data: { coreRef: 'CB-3', readyAt: LATER, amount: 500, currency: 'EUR' } } : { type: 'EMERGENCY_CASH_FAILED', data: failed };
    default:
      return null;
  }
}

interface Walked {
  messages: { path: string; template: string; text: string | null; facts: ReadonlySet<MessageFact> }[];
  states: Set<string>;
}

function walk(playbook: CompiledPlaybook, locale: Locale): Walked {
  const input: IncidentInput = { customerRef: 'cust-walk', locale, contactChannel: 'sms', cards: CARDS, openedAt: OPENED_AT, timeZone: 'Asia/Vladivostok' };
  const started = startIncident(playbook, input);
  const walked: Walked = { messages: [], states: new Set() };
  const seen = new Set<string>();
  let clock = Date.parse(OPENED_AT);

  const apply = (snapshot: IncidentSnapshot, type: string, data: Record<string, unknown>) => {
    clock += 60_000;
    const actor = eventSpec(type)?.source === 'job' ? 'system:lifeline-worker' : 'operator-7';
    return decide(playbook, snapshot, { type, data, at: new Date(clock).toISOString(), actor });
  };

  /** Runs what a transition asked for: every job succeeds, or every job is given up; each message is read as its handler reads it. */
  const settle = (snapshot: IncidentSnapshot, effects: EffectDraft[], outbox: EffectState[], ok: boolean, path: string) => {
    const ran = [...outbox, ...effects.map((e) => ({ kind: e.kind, status: ok || e.kind === 'notifyCustomer' ? 'succeeded' : 'dead' }))];
    let now = snapshot;
    for (const e of effects) {
      const report = reportOf(e, ok);
      if (!report) continue;
      const next = apply(now, report.type, report.data);
      if (!isRefusal(next)) now = next.snapshot;
    }
    // A message waits in its queue: it may run before the other jobs reported, or after.
    for (const e of effects.filter((x) => x.kind === 'notifyCustomer')) {
      const p = e.params as EffectParams['notifyCustomer'];
      for (const context of [snapshot.context, now.context]) read(path, p.template, context, ran);
    }
    return { snapshot: now, outbox: ran };
  };

  const read = (path: string, template: string, context: IncidentContext, outbox: EffectState[]) => {
    const facts = messageFacts(context, outbox);
    const text = messageWithheld(template, facts).length > 0 ? null : renderMessage(template, locale, context, {}, facts);
    walked.messages.push({ path, template, text, facts });
  };

  const visit = (snapshot: IncidentSnapshot, outbox: EffectState[], path: string, depth: number) => {
    walked.states.add(snapshot.value);
    // Where the incident is and what is so, not when: times and repeated effects make no new path.
    const cards = snapshot.context.cards.map((c) => `${c.status}/${c.walletTokens ?? ''}`).join(',');
    const { appSessions, newCardsOrdered, emergencyCash, identityVerified, travelling } = snapshot.context;
    const ran = [...new Set(outbox.map((e) => `${e.kind}:${e.status}`))].sort().join(',');
    const key = JSON.stringify([
      snapshot.value,
      cards,
      appSessions,
      newCardsOrdered,
      emergencyCash?.status,
      identityVerified,
      travelling,
      Boolean(snapshot.context.callbackAt),
      ran,
    ]);
    if (seen.has(key) || depth > 14 || playbook.definition.states[snapshot.value]?.type === 'final') return;
    seen.add(key);
    const state = playbook.definition.states[snapshot.value];
    for (const type of allowedEvents(state)) {
      const data = Object.fromEntries((eventSpec(type)?.fields ?? []).map((f) => [f.name, valueOf(f)]));
      const next = apply(snapshot, type, data);
      if (isRefusal(next)) continue;
      for (const ok of [true, false]) {
        const settled = settle(next.snapshot, next.effects, outbox, ok, `${path} > ${type}${ok ? '' : ' (jobs given up)'}`);
        visit(settled.snapshot, settled.outbox, `${path} > ${type}`, depth + 1);
      }
    }
  };

  for (const ok of [true, false]) {
    const settled = settle(started.snapshot, started.effects, [], ok, `opened${ok ? '' : ' (jobs given up)'}`);
    visit(settled.snapshot, settled.outbox, 'opened', 0);
  }
  return walked;
}

describe.each(['stolen-wallet', 'card-compromised', 'lost-card', 'stolen-phone'])('%s: every path, every message only from facts', (id) => {
  const playbook = loadShippedPlaybook(id);

  it.each(['en', 'ru'] as Locale[])('in %s', (locale) => {
    const walked = walk(playbook, locale);
    // Every step was reached (the walk covers each exception, not only the primary path).
    const steps = Object.keys(playbook.definition.states);
    expect(steps.filter((s) => !walked.states.has(s))).toEqual([]);
    const sent = walked.messages.filter((m) => m.text !== null);
    expect(sent.length).toBeGreaterThan(0);
    const untrue = sent.flatMap((m) =>
      CLAIMS.filter(([claim, fact]) => claim.test(m.text!) && !m.facts.has(fact)).map(([, fact]) => `${m.path}: ${m.template} says ${fact} but it is not so: "${m.text}"`),
    );
    expect(untrue).toEqual([]);
    // Times as the customer reads them: never ISO, never "UTC".
    expect(sent.filter((m) => /\d{4}-\d\d-\d\dT|UTC/.test(m.text!)).map((m) => m.text)).toEqual([]);
  });
});

it('a reissue declined or given up is never "on its way", and a summary without the callback does not promise one', () => {
  const walked = walk(loadShippedPlaybook('stolen-wallet'), 'en');
  const summaries = walked.messages.filter((m) => m.template === 'incident-summary' && m.text);
  const declined = summaries.filter((m) => m.path.includes('REISSUE_DECLINED'));
  expect(declined.length).toBeGreaterThan(0);
  expect(declined.filter((m) => /on their way/.test(m.text!))).toEqual([]);
  expect(summaries.filter((m) => m.path.includes('REISSUE_REQUESTED (jobs given up)') && /on their way/.test(m.text!))).toEqual([]);
  expect(summaries.some((m) => /New cards are on their way/.test(m.text!))).toBe(true);
  expect(summaries.filter((m) => m.path.includes('CALLBACK_DECLINED') && /call you back/.test(m.text!))).toEqual([]);
});
