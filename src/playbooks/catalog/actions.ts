import type { EffectKind, EffectParams } from './effects.js';
import type { EventName } from './events.js';
import type { Breach, BreachStage, CardState, IncidentCard, IncidentContext, IncidentEvent, RevocationState, TransactionSummary } from './incident-context.js';
import { BREACH_STAGES, breachBatches, CONTACT_CHANNELS } from './incident-context.js';

/** A parameter a playbook may pass to an action; `playbooks:check` validates against it. */
export interface ParamSpec {
  type: 'string' | 'number' | 'boolean';
  required?: boolean;
  options?: readonly string[];
}

/** The value a param takes, from its spec: a choice is one of its options. */
type ParamValue<S extends ParamSpec> = S['type'] extends 'number' ? number : S['type'] extends 'boolean' ? boolean : S['options'] extends readonly (infer O)[] ? O : string;

/** An action's params, typed from its spec: what is not `required` may be left out. */
export type ParamsOf<S extends Record<string, ParamSpec>> = { [K in keyof S as S[K]['required'] extends true ? K : never]: ParamValue<S[K]> } & {
  [K in keyof S as S[K]['required'] extends true ? never : K]?: ParamValue<S[K]>;
};

/** Asks for one effect of a kind, with its params (and when it is due); the engine turns it into an outbox row. */
export type Ask = <K extends EffectKind>(kind: K, params: EffectParams[K], dueAt?: string) => void;

export interface ActionArgs {
  context: IncidentContext;
  event: IncidentEvent;
  ask: Ask;
}

/**
 * One name a playbook may use in `actions`. `run` is pure: it returns the change to the incident's context
 * and asks for effects through `ask`; the compiler binds every action to XState the same way.
 * `reports`: the job reports its effects come back as, which a playbook using it must handle in every step.
 */
export interface ActionDefinition<P extends Record<string, ParamSpec> = Record<string, ParamSpec>> {
  params: P;
  reports?: readonly EventName[];
  run(args: ActionArgs, params: ParamsOf<P>): Partial<IncidentContext> | void;
}

/** Types an action's params from its own spec. */
const action = <const P extends Record<string, ParamSpec>>(definition: ActionDefinition<P>) => definition;

const setCards = (context: IncidentContext, cardRef: string, patch: Partial<IncidentCard>) =>
  context.cards.map((c) => (c.cardRef === cardRef ? { ...c, ...patch } : c));

/** Only a card still waiting for this answer takes it: a late freeze report must not undo a permanent block. */
const settleCard = (context: IncidentContext, cardRef: string, waiting: CardState, patch: Partial<IncidentCard>) =>
  context.cards.map((c) => (c.cardRef === cardRef && c.status === waiting ? { ...c, ...patch } : c));

/** Asks core banking to act on every card in one of the given states, and marks them as in progress. */
const actOnCards = (context: IncidentContext, from: CardState[], to: CardState, askFor: (card: IncidentCard) => void): Partial<IncidentContext> => {
  const chosen = context.cards.filter((c) => from.includes(c.status));
  chosen.forEach(askFor);
  const refs = new Set(chosen.map((c) => c.cardRef));
  return { cards: context.cards.map((c) => (refs.has(c.cardRef) ? { ...c, status: to, failure: null } : c)) };
};

// At the playbook's entry the event is XState's init event: it has no data and no time.
const text = (event: IncidentEvent, name: string) => (typeof event.data?.[name] === 'string' ? (event.data[name] as string) : '');
const eventTime = (event: IncidentEvent, context: IncidentContext) => event.at ?? context.openedAt;

/** The channel the customer just chose, if the event carries one. */
const chosenChannel = (event: IncidentEvent, context: IncidentContext): IncidentContext['contactChannel'] => {
  const channel = event.data?.contactChannel as IncidentContext['contactChannel'] | undefined;
  return channel && CONTACT_CHANNELS.includes(channel) ? channel : context.contactChannel;
};

/** A breach stage's batches that have not reported yet: asking again never repeats one that did. */
const openBatches = (breach: Breach | undefined, stage: BreachStage) =>
  breach ? Array.from({ length: breachBatches(breach, stage) }, (_, batch) => batch).filter((batch) => !breach.reported[stage].includes(batch)) : [];

/** A batch's report: counted once however often it arrives; `givenUp` says whether the whole batch failed. */
const reportBatch = (context: IncidentContext, event: IncidentEvent, stage: BreachStage, givenUp: boolean): Partial<IncidentContext> => {
  const breach = context.breach;
  const batch = event.data.batch;
  if (!breach || typeof batch !== 'number') return {};
  const add = (list: number[]) => (list.includes(batch) ? list : [...list, batch]);
  return {
    breach: {
      ...breach,
      reported: { ...breach.reported, [stage]: add(breach.reported[stage]) },
      givenUp: { ...breach.givenUp, [stage]: givenUp ? add(breach.givenUp[stage]) : breach.givenUp[stage].filter((b) => b !== batch) },
    },
  };
};

/**
 * A card's job report copied into the context: the card the report names takes its outcome, if it is still
 * `waiting` for it (a late freeze report must not undo a permanent block); a block report settles any state.
 * A confirmed outcome keeps core banking's reference and time (switched back on, the card has no block time); a failed one its reason.
 */
function recordCardReport(outcome: CardState, waiting?: CardState) {
  return action({
    params: {},
    run: ({ context, event }) => {
      const cardRef = text(event, 'cardRef');
      const patch: Partial<IncidentCard> = outcome.endsWith('_failed')
        ? { status: outcome, failure: text(event, 'reason') || 'not confirmed' }
        : { status: outcome, blockedAt: outcome === 'active' ? null : text(event, 'blockedAt') || event.at, coreRef: text(event, 'coreRef') || null, failure: null };
      return { cards: waiting ? settleCard(context, cardRef, waiting, patch) : setCards(context, cardRef, patch) };
    },
  });
}

/** A revocation's job report (the customer's app sessions, or the named card's wallet tokens): done settles any state, failed only one still revoking. */
function recordRevocation(what: 'appSessions' | 'walletTokens', outcome: 'revoked' | 'revoke_failed') {
  const settles = (state: RevocationState | null | undefined) => outcome === 'revoked' || state === 'revoking';
  return action({
    params: {},
    run: ({ context, event }): Partial<IncidentContext> =>
      what === 'appSessions'
        ? { appSessions: settles(context.appSessions) ? outcome : context.appSessions }
        : { cards: context.cards.map((c) => (c.cardRef === text(event, 'cardRef') && settles(c.walletTokens) ? { ...c, walletTokens: outcome } : c)) },
  });
}

/** Asks a stage for batches and records them as asked, so batches a re-sent breach adds later are asked for once too. */
const askBatches = (context: IncidentContext, stage: BreachStage, batches: number[], askFor: (batch: number) => void): Partial<IncidentContext> => {
  const breach = context.breach;
  if (!breach || batches.length === 0) return {};
  batches.forEach(askFor);
  const asked = breach.asked ?? { block: [], reissue: [], notify: [] };
  return { breach: { ...breach, asked: { ...asked, [stage]: [...new Set([...asked[stage], ...batches])] } } };
};

/** The one message a breach's customers get (src/mass-compromise/breach-notice.ts writes it). */
const BREACH_NOTICE_TEMPLATE = 'breach-notice';

/**
 * A batch's report counted; then, once the breach's later stages have begun, a re-sent breach's new batch
 * moves on by itself: its new cards are ordered once its blocks have reported, and its new customers told
 * once every card has its new one ordered.
 */
const reportAndMoveOn = (context: IncidentContext, event: IncidentEvent, ask: Ask, stage: BreachStage, givenUp: boolean): Partial<IncidentContext> => {
  const reported = { ...context, ...reportBatch(context, event, stage, givenUp) };
  const breach = reported.breach;
  const batch = event.data.batch;
  if (!breach?.asked || typeof batch !== 'number') return reported;
  if (stage === 'block' && breach.asked.reissue.length > 0 && !breach.asked.reissue.includes(batch)) {
    return { ...reported, ...askBatches(reported, 'reissue', [batch], (b) => ask('reissueCardBatch', { batch: b, express: false })) };
  }
  const everyCardOrdered = Array.from({ length: breach.cardBatches }, (_, b) => b).every((b) => breach.reported.reissue.includes(b));
  if (stage === 'reissue' && breach.asked.notify.length > 0 && everyCardOrdered) {
    const untold = Array.from({ length: breach.customerBatches }, (_, b) => b).filter((b) => !breach.asked!.notify.includes(b));
    return { ...reported, ...askBatches(reported, 'notify', untold, (b) => ask('notifyCustomersBatch', { batch: b, template: BREACH_NOTICE_TEMPLATE, contactChannel: context.contactChannel })) };
  }
  return reported;
};

const stageParam = { stage: { type: 'string', required: true, options: BREACH_STAGES } } as const;

/**
 * The playbook vocabulary: names a playbook file may use in `actions`.
 * Each one updates the incident's context, asks for effects, or both; none does I/O.
 */
export const ACTIONS = {
  blockCards: action({
    reports: ['CARD_BLOCKED', 'CARD_BLOCK_FAILED'],
    params: {
      reason: { type: 'string', required: true, options: ['lost', 'stolen', 'compromised'] },
      mode: { type: 'string', options: ['freeze', 'block'] },
    },
    run: ({ context, ask }, params) => {
      // A frozen card (or one still freezing) can be blocked for good; core banking never softens a block.
      const notBlocked: CardState[] = ['active', 'block_failed', 'freezing', 'frozen', 'freeze_failed', 'unfreeze_failed'];
      const cards = actOnCards(context, notBlocked, 'blocking', (card) =>
        ask('blockCard', { cardRef: card.cardRef, last4: card.last4, reason: params.reason, mode: params.mode ?? 'block' }),
      );
      // A card added to the incident later is protected the same way at once.
      return { ...cards, protection: { reason: params.reason, mode: params.mode ?? 'block' } };
    },
  }),
  freezeCards: action({
    reports: ['CARD_FROZEN', 'CARD_FREEZE_FAILED'],
    params: { reason: { type: 'string', required: true, options: ['lost', 'stolen', 'compromised'] } },
    run: ({ context, ask }, params) => {
      const cards = actOnCards(context, ['active', 'freeze_failed'], 'freezing', (card) =>
        ask('blockCard', { cardRef: card.cardRef, last4: card.last4, reason: params.reason, mode: 'freeze' }),
      );
      // A card added later is frozen too, unless the incident has already moved on to blocking for good.
      return context.protection?.mode === 'block' ? cards : { ...cards, protection: { reason: params.reason, mode: 'freeze' } };
    },
  }),
  unfreezeCards: action({
    reports: ['CARD_UNFROZEN', 'CARD_UNFREEZE_FAILED'],
    params: {},
    run: ({ context, ask }) => {
      const cards = actOnCards(context, ['frozen', 'unfreeze_failed'], 'unfreezing', (card) =>
        ask('unblockCard', { cardRef: card.cardRef, last4: card.last4 }),
      );
      // The card is back in the customer's hands: a card added now is not one to protect.
      return { ...cards, protection: undefined };
    },
  }),
  revokeAppSessions: action({
    reports: ['SESSIONS_REVOKED', 'SESSIONS_REVOKE_FAILED'],
    params: {},
    run: ({ context, ask }) => {
      if (context.appSessions === 'revoking' || context.appSessions === 'revoked') return;
      ask('revokeAppSessions', { customerRef: context.customerRef });
      return { appSessions: 'revoking' };
    },
  }),
  revokeWalletTokens: action({
    reports: ['WALLET_TOKENS_REVOKED', 'WALLET_TOKENS_REVOKE_FAILED'],
    params: {},
    run: ({ context, ask }) => {
      const toRevoke = context.cards.filter((c) => c.walletTokens !== 'revoking' && c.walletTokens !== 'revoked');
      for (const card of toRevoke) ask('revokeWalletTokens', { cardRef: card.cardRef, last4: card.last4 });
      const refs = new Set(toRevoke.map((c) => c.cardRef));
      return { cards: context.cards.map((c) => (refs.has(c.cardRef) ? { ...c, walletTokens: 'revoking' as const } : c)) };
    },
  }),
  // Job reports copied into the context, one factory per kind of thing reported on.
  recordCardBlocked: recordCardReport('blocked'),
  recordCardBlockFailed: recordCardReport('block_failed'),
  recordCardFrozen: recordCardReport('frozen', 'freezing'),
  recordCardFreezeFailed: recordCardReport('freeze_failed', 'freezing'),
  recordCardUnfrozen: recordCardReport('active', 'unfreezing'),
  recordCardUnfreezeFailed: recordCardReport('unfreeze_failed', 'unfreezing'),
  recordSessionsRevoked: recordRevocation('appSessions', 'revoked'),
  recordSessionsRevokeFailed: recordRevocation('appSessions', 'revoke_failed'),
  recordWalletTokensRevoked: recordRevocation('walletTokens', 'revoked'),
  recordWalletTokensRevokeFailed: recordRevocation('walletTokens', 'revoke_failed'),
  /** The digital banking desk did by hand what core banking did not confirm. */
  recordSecuredByDigitalDesk: action({
    params: {},
    run: ({ context, event }) => ({
      appSessions: context.appSessions === 'revoke_failed' ? 'revoked' : context.appSessions,
      cards: context.cards.map((c) => ({
        ...c,
        ...(c.walletTokens === 'revoke_failed' ? { walletTokens: 'revoked' as const } : {}),
        ...(c.status === 'freeze_failed' ? { status: 'frozen' as const, blockedAt: event.at, coreRef: text(event, 'reference'), failure: null } : {}),
      })),
    }),
  }),
  recordContactChannel: action({
    params: {},
    run: ({ context, event }) => ({ contactChannel: chosenChannel(event, context) }),
  }),
  /** The customer is on the line: the callback promised to them is no longer needed, and a new call starts with no mood. */
  recordCallTaken: action({
    params: {},
    run: () => ({ callbackAt: null, mood: null, unreachableAttempts: 0 }),
  }),
  /** One more call the customer did not answer: after the last one allowed, the bank writes instead (ways-out.ts). */
  recordUnreachable: action({
    params: {},
    run: ({ context }) => ({ unreachableAttempts: (context.unreachableAttempts ?? 0) + 1 }),
  }),
  /** The call dropped in `step`: the operator goes on from there when the customer is back. */
  recordCallDropped: action({
    params: { step: { type: 'string', required: true } },
    run: (_, params) => ({ resumeStep: params.step, mood: null }),
  }),
  /** The customer is back after a dropped call: the callback promised is kept. */
  recordCallResumed: action({
    params: {},
    run: () => ({ resumeStep: null, callbackAt: null, unreachableAttempts: 0 }),
  }),
  recordCancellation: action({
    params: {},
    run: ({ event }) => ({ cancelReason: text(event, 'reason'), callbackAt: null }),
  }),
  /** A mood belongs to one call: the next call starts without it. */
  startNewCall: action({
    params: {},
    run: () => ({ mood: null }),
  }),
  recordBlockedByCardProcessing: action({
    params: {},
    run: ({ context, event }) => ({
      cards: context.cards.map((c) =>
        c.status === 'block_failed'
          ? { ...c, status: 'blocked' as const, blockedAt: event.at, coreRef: text(event, 'reference'), failure: null }
          : c,
      ),
    }),
  }),
  recordIdentity: action({
    params: { verified: { type: 'boolean', required: true } },
    run: (_, params) => ({ identityVerified: params.verified }),
  }),
  recordMood: action({
    params: {},
    run: ({ event }) => ({
      mood: event.data.mood === 'calm' ? null : (event.data.mood as IncidentContext['mood']),
    }),
  }),
  recordTransactions: action({
    params: {},
    run: ({ event }) => ({
      transactions: ((event.data.transactions as TransactionSummary[] | undefined) ?? []).slice(0, 20),
    }),
  }),
  recordDisputes: action({
    params: {},
    run: ({ context, event }) => {
      // The API refuses ids the incident never loaded; a rehearsal's are left out here.
      const known = new Set(context.transactions.map((t) => t.id));
      const chosen = Array.isArray(event.data.disputed) ? (event.data.disputed as unknown[]) : [];
      return { disputedTransactions: [...new Set(chosen.filter((id): id is string => typeof id === 'string' && known.has(id)))] };
    },
  }),
  recordEmergencyHelp: action({
    reports: ['EMERGENCY_CASH_ORDERED', 'EMERGENCY_CASH_FAILED'],
    params: {},
    run: ({ context, event, ask }) => {
      const travelling = event.data.travelling === true;
      // Ordered once: a second assessment does not order the cash again.
      if (event.data.emergencyCash === true && (!context.emergencyCash || context.emergencyCash.status === 'failed')) {
        ask('orderEmergencyCash', { customerRef: context.customerRef, contactChannel: context.contactChannel });
        return { travelling, emergencyCash: { status: 'ordering' } };
      }
      return { travelling };
    },
  }),
  recordEmergencyCashOrdered: action({
    params: {},
    run: ({ event }) => ({ emergencyCash: { status: 'ordered', reference: text(event, 'coreRef'), readyAt: text(event, 'readyAt') } }),
  }),
  recordEmergencyCashFailed: action({
    params: {},
    run: ({ context }) => ({ emergencyCash: context.emergencyCash?.status === 'ordering' ? { status: 'failed' } : context.emergencyCash }),
  }),
  loadTransactions: action({
    reports: ['TRANSACTIONS_LOADED', 'TRANSACTIONS_UNAVAILABLE'],
    params: {},
    run: ({ context, ask }) => {
      ask('loadTransactions', { customerRef: context.customerRef });
    },
  }),
  scheduleReissue: action({
    reports: ['REISSUE_ORDERED', 'REISSUE_FAILED'],
    params: {},
    run: ({ context, event, ask }) => {
      const delivery: EffectParams['scheduleReissue']['delivery'] =
        event.data.delivery === 'branch'
          ? { kind: 'branch', branchId: text(event, 'branchId') }
          : event.data.delivery === 'addressOnFile'
            ? { kind: 'addressOnFile' }
            : { kind: 'address', address: text(event, 'address') };
      const blocked = context.cards.filter((c) => c.status === 'blocked');
      for (const card of blocked) {
        ask('scheduleReissue', { cardRef: card.cardRef, last4: card.last4, delivery, express: context.travelling });
      }
      return { newCardsOrdered: blocked.length > 0 };
    },
  }),
  scheduleCallback: action({
    // `retryInMinutes` is the older name of `inMinutes`, kept for stolen-wallet v1 and the incidents running on it.
    params: { inMinutes: { type: 'number' }, retryInMinutes: { type: 'number' } },
    run: ({ context, event, ask }, params) => {
        const minutes = params.inMinutes ?? params.retryInMinutes;
        const now = eventTime(event, context);
        const at = minutes ? new Date(Date.parse(now) + minutes * 60_000).toISOString() : text(event, 'at') || now;
        const contactChannel = chosenChannel(event, context);
        ask('scheduleCallback', { at, contactChannel }, at);
        return { callbackAt: at, contactChannel };
      },
  }),
  /** Every card of a merchant breach, a batch per job. */
  blockCardBatches: action({
    reports: ['CARD_BATCH_BLOCKED', 'CARD_BATCH_BLOCK_FAILED'],
    params: { reason: { type: 'string', required: true, options: ['lost', 'stolen', 'compromised'] } },
    run: ({ context, ask }, params) => {
      const asked = askBatches(context, 'block', openBatches(context.breach, 'block'), (batch) => ask('blockCardBatch', { batch, reason: params.reason }));
      return { ...asked, protection: { reason: params.reason, mode: 'block' } };
    },
  }),
  /** New cards for the breach's blocked cards, to each holder's registered address. */
  orderReissueBatches: action({
    reports: ['CARD_BATCH_REISSUED', 'CARD_BATCH_REISSUE_FAILED'],
    params: {},
    run: ({ context, ask }) => {
      return askBatches(context, 'reissue', openBatches(context.breach, 'reissue'), (batch) => ask('reissueCardBatch', { batch, express: false }));
    },
  }),
  /** One message per affected customer, however many of their cards were exposed. */
  notifyBreachedCustomers: action({
    reports: ['CUSTOMER_BATCH_NOTIFIED', 'CUSTOMER_BATCH_NOTIFY_FAILED'],
    // The message is written per customer from their own cards (src/mass-compromise/breach-notice.ts).
    params: { template: { type: 'string', required: true, options: ['breach-notice'] } },
    run: ({ context, ask }, params) => {
      return askBatches(context, 'notify', openBatches(context.breach, 'notify'), (batch) =>
        ask('notifyCustomersBatch', { batch, template: params.template, contactChannel: context.contactChannel }),
      );
    },
  }),
  recordBatchReported: action({
    params: stageParam,
    run: ({ context, event, ask }: ActionArgs, params) => reportAndMoveOn(context, event, ask, params.stage, false),
  }),
  recordBatchGivenUp: action({
    params: stageParam,
    run: ({ context, event, ask }: ActionArgs, params) => reportAndMoveOn(context, event, ask, params.stage, true),
  }),
  notifyCustomer: action({
    reports: ['CUSTOMER_NOTIFIED', 'NOTIFICATION_FAILED'],
    params: { template: { type: 'string', required: true } },
    run: ({ context, ask }, params) => {
      ask('notifyCustomer', { template: params.template, contactChannel: context.contactChannel });
    },
  }),
} satisfies Record<string, ActionDefinition>;

export type ActionName = keyof typeof ACTIONS;

/** The actions that block or freeze cards: a step that runs one never waits its turn under load (src/health/step-admission.ts). */
export const PROTECTIVE_ACTIONS: ReadonlySet<string> = new Set<ActionName>(['blockCards', 'freezeCards', 'blockCardBatches']);
