import type { EffectDraft } from './catalog/effects.js';
import {
  type Breach,
  type BreachCounts,
  type CardCheck,
  type CardState,
  type IncidentCard,
  type IncidentContext,
  type IncidentEvent,
  isUnlistedCard,
  type Protection,
} from './catalog/incident-context.js';
import type { IncidentSnapshot, Transitioned } from './playbook.engine.js';

/** A card as a trigger names it or core banking lists it. */
type NamedCard = { cardRef: string; last4: string; product?: string };
type CoreCard = NamedCard & { status: string };

const BLOCKED: CardState[] = ['blocked', 'block_failed'];
const FROZEN: CardState[] = ['frozen', 'freeze_failed', 'unfreeze_failed'];

/**
 * The engine's rule, the same in every playbook, for a changed card list: cards a trigger adds, or the list
 * core banking gives once it answers again. The step never moves; a card the incident already protects
 * others against is protected at once the same way, through the same effects. Pure.
 */
export function mergeCardList(stored: IncidentSnapshot, event: IncidentEvent): Transitioned {
  const context = stored.context;
  const next = event.type === 'CARDS_ADDED' ? addCards(context, event) : event.type === 'CARDS_RECONCILED' ? reconcile(context, event) : reconcileAgain(context, event);
  return { snapshot: JSON.parse(JSON.stringify({ value: stored.value, context: next.context })), effects: next.effects, outcome: null };
}

type Merged = { context: IncidentContext; effects: EffectDraft[] };

/**
 * Cards a trigger adds. Checked by core banking, they carry its last 4 (a different one the caller gave is
 * flagged); named while it was down, they are flagged unconfirmed and core banking is asked again.
 */
function addCards(context: IncidentContext, event: IncidentEvent): Merged {
  if (context.breach) return addBreachCards(context, event.data.breach as BreachCounts | undefined);
  const known = new Set(context.cards.map((c) => c.cardRef));
  const added = ((event.data.cards as NamedCard[] | undefined) ?? []).filter((c) => !known.has(c.cardRef));
  const merged = protectNew(context, context.cards, added);
  const mismatches = (event.data.last4Mismatches as CardCheck['last4Mismatches'] | undefined) ?? [];
  const unconfirmed = event.data.unconfirmed === true;
  if (!unconfirmed && mismatches.length === 0) return merged;
  const check = context.cardCheck ?? { pending: false, allCards: false, last4Mismatches: [], notTheCustomers: [] };
  const cardCheck: CardCheck = { ...check, pending: check.pending || unconfirmed, last4Mismatches: [...check.last4Mismatches, ...mismatches] };
  const reconcile: EffectDraft[] = unconfirmed && !check.pending ? [{ kind: 'reconcileCards', params: { customerRef: context.customerRef } }] : [];
  return { context: { ...merged.context, cardCheck }, effects: [...merged.effects, ...reconcile] };
}

/** New cards join the list; once the incident protects its cards they are blocked (or frozen, or taken out of wallets) at once. */
function protectNew(context: IncidentContext, cards: IncidentCard[], added: NamedCard[]): Merged {
  const protection = protectionOf(context);
  const walletTokens = context.cards.some((c) => c.walletTokens);
  const effects: EffectDraft[] = [];
  const fresh = added.map((c): IncidentCard => {
    const card: IncidentCard = { ...c, status: 'active', blockedAt: null, coreRef: null, failure: null };
    if (protection) {
      effects.push({ kind: 'blockCard', params: { cardRef: c.cardRef, last4: c.last4, reason: protection.reason, mode: protection.mode } });
      card.status = protection.mode === 'block' ? 'blocking' : 'freezing';
    }
    if (walletTokens) {
      effects.push({ kind: 'revokeWalletTokens', params: { cardRef: c.cardRef, last4: c.last4 } });
      card.walletTokens = 'revoking';
    }
    return card;
  });
  return { context: { ...context, cards: [...cards, ...fresh] }, effects };
}

/** The protection the incident has started; incidents from before it was recorded tell it by their cards. */
function protectionOf(context: IncidentContext): Protection | null {
  if (context.protection) return context.protection;
  if (context.cards.some((c) => c.status === 'blocking' || c.status === 'blocked' || c.status === 'block_failed')) return { reason: 'stolen', mode: 'block' };
  if (context.cards.some((c) => c.status === 'freezing' || FROZEN.includes(c.status))) return { reason: 'lost', mode: 'freeze' };
  return null;
}

/**
 * Core banking's list after an outage: its last 4 are the ones kept, a named card it does not list for the
 * customer is flagged, the missing cards join when the incident meant all of them, and a card the incident
 * counts as protected that core banking still shows active is protected now (once: one in flight is left alone).
 */
function reconcile(context: IncidentContext, event: IncidentEvent): Merged {
  const core = new Map(((event.data.cards as CoreCard[] | undefined) ?? []).map((c) => [c.cardRef, c]));
  const check: CardCheck = context.cardCheck ?? { pending: false, allCards: false, last4Mismatches: [], notTheCustomers: [] };
  const mismatches = [...check.last4Mismatches];
  const notTheCustomers = [...check.notTheCustomers];
  const protection = protectionOf(context);
  const effects: EffectDraft[] = [];
  const named = new Set(context.cards.map((c) => c.cardRef));
  const cards = context.cards.map((listedAs): IncidentCard => {
    const card = isUnlistedCard(listedAs.cardRef) ? identify(listedAs, core, named) : listedAs;
    const known = core.get(card.cardRef);
    if (!known) {
      if (!notTheCustomers.some((c) => c.cardRef === card.cardRef)) notTheCustomers.push({ cardRef: card.cardRef, last4: card.last4 });
      return card;
    }
    if (known.last4 !== card.last4 && !mismatches.some((m) => m.cardRef === card.cardRef)) mismatches.push({ cardRef: card.cardRef, stated: card.last4, last4: known.last4 });
    const confirmed: IncidentCard = { ...card, last4: known.last4 };
    const stillActive = known.status === 'active' && protection && (protection.mode === 'block' ? BLOCKED : FROZEN).includes(card.status);
    if (!stillActive) return confirmed;
    effects.push({ kind: 'blockCard', params: { cardRef: card.cardRef, last4: known.last4, reason: protection.reason, mode: protection.mode } });
    return { ...confirmed, status: protection.mode === 'block' ? 'blocking' : 'freezing', failure: null };
  });
  const listed = new Set(cards.map((c) => c.cardRef));
  const missing = check.allCards ? [...core.values()].filter((c) => c.status === 'active' && !listed.has(c.cardRef)) : [];
  const merged = protectNew(
    context,
    cards,
    missing.map(({ cardRef, last4, product }) => ({ cardRef, last4, product })),
  );
  const cardCheck: CardCheck = { ...check, pending: false, last4Mismatches: mismatches, notTheCustomers };
  return { context: { ...merged.context, cardCheck }, effects: [...effects, ...merged.effects] };
}

/** A card named by its last 4 only takes the ref of the customer's one card at core banking that ends so, if there is exactly one. */
function identify(card: IncidentCard, core: Map<string, CoreCard>, named: Set<string>): IncidentCard {
  const matching = [...core.values()].filter((c) => c.last4 === card.last4 && !named.has(c.cardRef));
  if (matching.length !== 1) return card;
  named.add(matching[0].cardRef);
  return { ...card, cardRef: matching[0].cardRef };
}

/** Core banking still does not answer: ask again when the job said (config), for as long as the incident is open. */
function reconcileAgain(context: IncidentContext, event: IncidentEvent): Merged {
  if (!context.cardCheck?.pending) return { context, effects: [] };
  const dueAt = typeof event.data.retryAt === 'string' ? event.data.retryAt : event.at;
  return { context, effects: [{ kind: 'reconcileCards', params: { customerRef: context.customerRef }, dueAt }] };
}

/**
 * A breach re-sent with more cards: its rows are written by the trigger, its counts grow here, and the new
 * block batches are asked for at once (a breach blocks from its first moment). Once the later stages have
 * begun, each new batch moves on by itself as it reports (see `recordBatchReported`); before that, those
 * stages ask for every batch not yet reported, the new ones with them.
 */
function addBreachCards(context: IncidentContext, counts: BreachCounts | undefined): Merged {
  const breach = context.breach!;
  if (!counts || counts.cards <= breach.cards) return { context, effects: [] };
  const reason = context.protection?.reason ?? 'compromised';
  const batches = Array.from({ length: counts.cardBatches - breach.cardBatches }, (_, i) => breach.cardBatches + i);
  const asked = breach.asked ?? { block: [], reissue: [], notify: [] };
  const grown: Breach = { ...breach, ...counts, asked: { ...asked, block: [...asked.block, ...batches] } };
  return { context: { ...context, breach: grown }, effects: batches.map((batch) => ({ kind: 'blockCardBatch', params: { batch, reason } })) };
}
