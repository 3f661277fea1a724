import { assign, enqueueActions } from 'xstate';
import { EFFECT_PREFIX, type EffectParams } from './effects.js';
import type { EventName } from './events.js';
import type { Breach, BreachStage, CardState, IncidentCard, IncidentContext, IncidentEvent, TransactionSummary } from './incident-context.js';
import { BREACH_STAGES, breachBatches, CONTACT_CHANNELS } from './incident-context.js';

/** A parameter a playbook may pass to an action; `playbooks:check` validates against it. */
export interface ParamSpec {
  type: 'string' | 'number' | 'boolean';
  required?: boolean;
  options?: readonly string[];
}

interface ActionArgs {
  context: IncidentContext;
  event: IncidentEvent;
}

type Enqueue = { assign: (patch: Partial<IncidentContext>) => void } & ((action: { type: string; params: unknown }) => void);

const effect = <K extends keyof EffectParams>(enqueue: Enqueue, kind: K, params: EffectParams[K], dueAt?: string) =>
  enqueue({ type: `${EFFECT_PREFIX}${kind}`, params: { params, dueAt } });

const setCards = (context: IncidentContext, cardRef: string, patch: Partial<IncidentCard>) =>
  context.cards.map((c) => (c.cardRef === cardRef ? { ...c, ...patch } : c));

/** Only a card still waiting for this answer takes it: a late freeze report must not undo a permanent block. */
const settleCard = (context: IncidentContext, cardRef: string, waiting: CardState, patch: Partial<IncidentCard>) =>
  context.cards.map((c) => (c.cardRef === cardRef && c.status === waiting ? { ...c, ...patch } : c));

/** Asks core banking to act on every card in one of the given states, and marks them as in progress. */
const actOnCards = (enqueue: Enqueue, context: IncidentContext, from: CardState[], to: CardState, ask: (card: IncidentCard) => void) => {
  const chosen = context.cards.filter((c) => from.includes(c.status));
  chosen.forEach(ask);
  const refs = new Set(chosen.map((c) => c.cardRef));
  enqueue.assign({ cards: context.cards.map((c) => (refs.has(c.cardRef) ? { ...c, status: to, failure: null } : c)) });
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

const stageParam = { stage: { type: 'string', required: true, options: BREACH_STAGES } } as const;

/**
 * The playbook vocabulary: names a playbook file may use in `actions`.
 * Each one updates the incident's context, asks for effects, or both; none does I/O.
 * `reports`: the job reports its effects come back as, which a playbook using it must handle in every step.
 */
export const ACTIONS = {
  blockCards: {
    reports: ['CARD_BLOCKED', 'CARD_BLOCK_FAILED'],
    params: {
      reason: { type: 'string', required: true, options: ['lost', 'stolen', 'compromised'] },
      mode: { type: 'string', options: ['freeze', 'block'] },
    },
    implementation: enqueueActions(({ context, enqueue }: ActionArgs & { enqueue: Enqueue }, params: { reason: EffectParams['blockCard']['reason']; mode?: 'freeze' | 'block' }) => {
      // A frozen card (or one still freezing) can be blocked for good; core banking never softens a block.
      const notBlocked: CardState[] = ['active', 'block_failed', 'freezing', 'frozen', 'freeze_failed', 'unfreeze_failed'];
      actOnCards(enqueue, context, notBlocked, 'blocking', (card) =>
        effect(enqueue, 'blockCard', { cardRef: card.cardRef, last4: card.last4, reason: params.reason, mode: params.mode ?? 'block' }),
      );
    }),
  },
  freezeCards: {
    reports: ['CARD_FROZEN', 'CARD_FREEZE_FAILED'],
    params: { reason: { type: 'string', required: true, options: ['lost', 'stolen', 'compromised'] } },
    implementation: enqueueActions(({ context, enqueue }: ActionArgs & { enqueue: Enqueue }, params: { reason: EffectParams['blockCard']['reason'] }) => {
      actOnCards(enqueue, context, ['active', 'freeze_failed'], 'freezing', (card) =>
        effect(enqueue, 'blockCard', { cardRef: card.cardRef, last4: card.last4, reason: params.reason, mode: 'freeze' }),
      );
    }),
  },
  unfreezeCards: {
    reports: ['CARD_UNFROZEN', 'CARD_UNFREEZE_FAILED'],
    params: {},
    implementation: enqueueActions(({ context, enqueue }: ActionArgs & { enqueue: Enqueue }) => {
      actOnCards(enqueue, context, ['frozen', 'unfreeze_failed'], 'unfreezing', (card) =>
        effect(enqueue, 'unblockCard', { cardRef: card.cardRef, last4: card.last4 }),
      );
    }),
  },
  revokeAppSessions: {
    reports: ['SESSIONS_REVOKED', 'SESSIONS_REVOKE_FAILED'],
    params: {},
    implementation: enqueueActions(({ context, enqueue }: ActionArgs & { enqueue: Enqueue }) => {
      if (context.appSessions === 'revoking' || context.appSessions === 'revoked') return;
      effect(enqueue, 'revokeAppSessions', { customerRef: context.customerRef });
      enqueue.assign({ appSessions: 'revoking' });
    }),
  },
  revokeWalletTokens: {
    reports: ['WALLET_TOKENS_REVOKED', 'WALLET_TOKENS_REVOKE_FAILED'],
    params: {},
    implementation: enqueueActions(({ context, enqueue }: ActionArgs & { enqueue: Enqueue }) => {
      const toRevoke = context.cards.filter((c) => c.walletTokens !== 'revoking' && c.walletTokens !== 'revoked');
      for (const card of toRevoke) effect(enqueue, 'revokeWalletTokens', { cardRef: card.cardRef, last4: card.last4 });
      const refs = new Set(toRevoke.map((c) => c.cardRef));
      enqueue.assign({ cards: context.cards.map((c) => (refs.has(c.cardRef) ? { ...c, walletTokens: 'revoking' as const } : c)) });
    }),
  },
  recordCardBlocked: {
    params: {},
    implementation: assign(({ context, event }: ActionArgs) => ({
      cards: setCards(context, text(event, 'cardRef'), {
        status: 'blocked',
        blockedAt: text(event, 'blockedAt') || event.at,
        coreRef: text(event, 'coreRef') || null,
        failure: null,
      }),
    })),
  },
  recordCardBlockFailed: {
    params: {},
    implementation: assign(({ context, event }: ActionArgs) => ({
      cards: setCards(context, text(event, 'cardRef'), { status: 'block_failed', failure: text(event, 'reason') || 'not confirmed' }),
    })),
  },
  recordCardFrozen: {
    params: {},
    implementation: assign(({ context, event }: ActionArgs) => ({
      cards: settleCard(context, text(event, 'cardRef'), 'freezing', {
        status: 'frozen',
        blockedAt: text(event, 'blockedAt') || event.at,
        coreRef: text(event, 'coreRef') || null,
        failure: null,
      }),
    })),
  },
  recordCardFreezeFailed: {
    params: {},
    implementation: assign(({ context, event }: ActionArgs) => ({
      cards: settleCard(context, text(event, 'cardRef'), 'freezing', { status: 'freeze_failed', failure: text(event, 'reason') || 'not confirmed' }),
    })),
  },
  recordCardUnfrozen: {
    params: {},
    implementation: assign(({ context, event }: ActionArgs) => ({
      cards: settleCard(context, text(event, 'cardRef'), 'unfreezing', {
        status: 'active',
        blockedAt: null,
        coreRef: text(event, 'coreRef') || null,
        failure: null,
      }),
    })),
  },
  recordCardUnfreezeFailed: {
    params: {},
    implementation: assign(({ context, event }: ActionArgs) => ({
      cards: settleCard(context, text(event, 'cardRef'), 'unfreezing', { status: 'unfreeze_failed', failure: text(event, 'reason') || 'not confirmed' }),
    })),
  },
  recordSessionsRevoked: {
    params: {},
    implementation: assign(() => ({ appSessions: 'revoked' as const })),
  },
  recordSessionsRevokeFailed: {
    params: {},
    implementation: assign(({ context }: ActionArgs): Partial<IncidentContext> => ({ appSessions: context.appSessions === 'revoking' ? 'revoke_failed' : context.appSessions })),
  },
  recordWalletTokensRevoked: {
    params: {},
    implementation: assign(({ context, event }: ActionArgs) => ({
      cards: setCards(context, text(event, 'cardRef'), { walletTokens: 'revoked' }),
    })),
  },
  recordWalletTokensRevokeFailed: {
    params: {},
    implementation: assign(({ context, event }: ActionArgs) => ({
      cards: context.cards.map((c) =>
        c.cardRef === text(event, 'cardRef') && c.walletTokens === 'revoking' ? { ...c, walletTokens: 'revoke_failed' as const } : c,
      ),
    })),
  },
  /** The digital banking desk did by hand what core banking did not confirm. */
  recordSecuredByDigitalDesk: {
    params: {},
    implementation: assign(({ context, event }: ActionArgs) => ({
      appSessions: context.appSessions === 'revoke_failed' ? 'revoked' : context.appSessions,
      cards: context.cards.map((c) => ({
        ...c,
        ...(c.walletTokens === 'revoke_failed' ? { walletTokens: 'revoked' as const } : {}),
        ...(c.status === 'freeze_failed' ? { status: 'frozen' as const, blockedAt: event.at, coreRef: text(event, 'reference'), failure: null } : {}),
      })),
    })),
  },
  recordContactChannel: {
    params: {},
    implementation: assign(({ context, event }: ActionArgs) => ({ contactChannel: chosenChannel(event, context) })),
  },
  /** The customer is on the line: the callback promised to them is no longer needed, and a new call starts with no mood. */
  recordCallTaken: {
    params: {},
    implementation: assign(() => ({ callbackAt: null, mood: null })),
  },
  /** A mood belongs to one call: the next call starts without it. */
  startNewCall: {
    params: {},
    implementation: assign(() => ({ mood: null })),
  },
  recordBlockedByCardProcessing: {
    params: {},
    implementation: assign(({ context, event }: ActionArgs) => ({
      cards: context.cards.map((c) =>
        c.status === 'block_failed'
          ? { ...c, status: 'blocked' as const, blockedAt: event.at, coreRef: text(event, 'reference'), failure: null }
          : c,
      ),
    })),
  },
  recordIdentity: {
    params: { verified: { type: 'boolean', required: true } },
    implementation: assign((_: ActionArgs, params: { verified: boolean }) => ({ identityVerified: params.verified })),
  },
  recordMood: {
    params: {},
    implementation: assign(({ event }: ActionArgs) => ({
      mood: event.data.mood === 'calm' ? null : (event.data.mood as IncidentContext['mood']),
    })),
  },
  recordTransactions: {
    params: {},
    implementation: assign(({ event }: ActionArgs) => ({
      transactions: ((event.data.transactions as TransactionSummary[] | undefined) ?? []).slice(0, 20),
    })),
  },
  recordDisputes: {
    params: {},
    implementation: assign(({ context, event }: ActionArgs) => {
      const known = new Set(context.transactions.map((t) => t.id));
      const disputed = text(event, 'disputed')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => known.has(id));
      return { disputedTransactions: [...new Set(disputed)] };
    }),
  },
  recordEmergencyHelp: {
    reports: ['EMERGENCY_CASH_ORDERED', 'EMERGENCY_CASH_FAILED'],
    params: {},
    implementation: enqueueActions(({ context, event, enqueue }: ActionArgs & { enqueue: Enqueue }) => {
      enqueue.assign({ travelling: event.data.travelling === true });
      // Ordered once: a second assessment does not order the cash again.
      if (event.data.emergencyCash === true && (!context.emergencyCash || context.emergencyCash.status === 'failed')) {
        effect(enqueue, 'orderEmergencyCash', { customerRef: context.customerRef, contactChannel: context.contactChannel });
        enqueue.assign({ emergencyCash: { status: 'ordering' } });
      }
    }),
  },
  recordEmergencyCashOrdered: {
    params: {},
    implementation: assign(({ event }: ActionArgs) => ({ emergencyCash: { status: 'ordered' as const, reference: text(event, 'coreRef'), readyAt: text(event, 'readyAt') } })),
  },
  recordEmergencyCashFailed: {
    params: {},
    implementation: assign(({ context }: ActionArgs): Partial<IncidentContext> => ({
      emergencyCash: context.emergencyCash?.status === 'ordering' ? { status: 'failed' } : context.emergencyCash,
    })),
  },
  loadTransactions: {
    reports: ['TRANSACTIONS_LOADED', 'TRANSACTIONS_UNAVAILABLE'],
    params: {},
    implementation: enqueueActions(({ context, enqueue }: ActionArgs & { enqueue: Enqueue }) => {
      effect(enqueue, 'loadTransactions', { customerRef: context.customerRef });
    }),
  },
  scheduleReissue: {
    reports: ['REISSUE_ORDERED', 'REISSUE_FAILED'],
    params: {},
    implementation: enqueueActions(({ context, event, enqueue }: ActionArgs & { enqueue: Enqueue }) => {
      const delivery: EffectParams['scheduleReissue']['delivery'] =
        event.data.delivery === 'branch'
          ? { kind: 'branch', branchId: text(event, 'branchId') }
          : { kind: 'address', address: text(event, 'address') };
      const blocked = context.cards.filter((c) => c.status === 'blocked');
      for (const card of blocked) {
        effect(enqueue, 'scheduleReissue', { cardRef: card.cardRef, last4: card.last4, delivery, express: context.travelling });
      }
      enqueue.assign({ newCardsOrdered: blocked.length > 0 });
    }),
  },
  scheduleCallback: {
    // `retryInMinutes` is the older name of `inMinutes`, kept for stolen-wallet v1 and the incidents running on it.
    params: { inMinutes: { type: 'number' }, retryInMinutes: { type: 'number' } },
    implementation: enqueueActions(
      ({ context, event, enqueue }: ActionArgs & { enqueue: Enqueue }, params: { inMinutes?: number; retryInMinutes?: number }) => {
        const minutes = params.inMinutes ?? params.retryInMinutes;
        const now = eventTime(event, context);
        const at = minutes ? new Date(Date.parse(now) + minutes * 60_000).toISOString() : text(event, 'at') || now;
        const contactChannel = chosenChannel(event, context);
        effect(enqueue, 'scheduleCallback', { at, contactChannel }, at);
        enqueue.assign({ callbackAt: at, contactChannel });
      },
    ),
  },
  /** Every card of a merchant breach, a batch per job. */
  blockCardBatches: {
    reports: ['CARD_BATCH_BLOCKED', 'CARD_BATCH_BLOCK_FAILED'],
    params: { reason: { type: 'string', required: true, options: ['lost', 'stolen', 'compromised'] } },
    implementation: enqueueActions(({ context, enqueue }: ActionArgs & { enqueue: Enqueue }, params: { reason: EffectParams['blockCardBatch']['reason'] }) => {
      for (const batch of openBatches(context.breach, 'block')) effect(enqueue, 'blockCardBatch', { batch, reason: params.reason });
    }),
  },
  /** New cards for the breach's blocked cards, to each holder's registered address. */
  orderReissueBatches: {
    reports: ['CARD_BATCH_REISSUED', 'CARD_BATCH_REISSUE_FAILED'],
    params: {},
    implementation: enqueueActions(({ context, enqueue }: ActionArgs & { enqueue: Enqueue }) => {
      for (const batch of openBatches(context.breach, 'reissue')) effect(enqueue, 'reissueCardBatch', { batch, express: false });
    }),
  },
  /** One message per affected customer, however many of their cards were exposed. */
  notifyBreachedCustomers: {
    reports: ['CUSTOMER_BATCH_NOTIFIED', 'CUSTOMER_BATCH_NOTIFY_FAILED'],
    // The message is written per customer from their own cards (src/mass-compromise/breach-notice.ts).
    params: { template: { type: 'string', required: true, options: ['breach-notice'] } },
    implementation: enqueueActions(({ context, enqueue }: ActionArgs & { enqueue: Enqueue }, params: { template: string }) => {
      for (const batch of openBatches(context.breach, 'notify')) {
        effect(enqueue, 'notifyCustomersBatch', { batch, template: params.template, contactChannel: context.contactChannel });
      }
    }),
  },
  recordBatchReported: {
    params: stageParam,
    implementation: assign(({ context, event }: ActionArgs, params: { stage: BreachStage }) => reportBatch(context, event, params.stage, false)),
  },
  recordBatchGivenUp: {
    params: stageParam,
    implementation: assign(({ context, event }: ActionArgs, params: { stage: BreachStage }) => reportBatch(context, event, params.stage, true)),
  },
  notifyCustomer: {
    reports: ['CUSTOMER_NOTIFIED', 'NOTIFICATION_FAILED'],
    params: { template: { type: 'string', required: true } },
    implementation: enqueueActions(({ context, enqueue }: ActionArgs & { enqueue: Enqueue }, params: { template: string }) => {
      effect(enqueue, 'notifyCustomer', { template: params.template, contactChannel: context.contactChannel });
    }),
  },
} satisfies Record<string, { params: Record<string, ParamSpec>; implementation: unknown; reports?: readonly EventName[] }>;

export type ActionName = keyof typeof ACTIONS;
