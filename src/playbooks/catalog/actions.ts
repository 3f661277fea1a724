import { assign, enqueueActions } from 'xstate';
import { EFFECT_PREFIX, type EffectParams } from './effects.js';
import type { CardState, IncidentCard, IncidentContext, IncidentEvent, TransactionSummary } from './incident-context.js';
import { CONTACT_CHANNELS } from './incident-context.js';

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

const text = (event: IncidentEvent, name: string) => (typeof event.data[name] === 'string' ? (event.data[name] as string) : '');

/**
 * The playbook vocabulary: names a playbook file may use in `actions`.
 * Each one updates the incident's context, asks for effects, or both; none does I/O.
 */
export const ACTIONS = {
  blockCards: {
    params: {
      reason: { type: 'string', required: true, options: ['lost', 'stolen', 'compromised'] },
      mode: { type: 'string', options: ['freeze', 'block'] },
    },
    implementation: enqueueActions(({ context, enqueue }: ActionArgs & { enqueue: Enqueue }, params: { reason: EffectParams['blockCard']['reason']; mode?: 'freeze' | 'block' }) => {
      const pending: CardState[] = ['active', 'block_failed'];
      const toBlock = context.cards.filter((c) => pending.includes(c.status));
      for (const card of toBlock) {
        effect(enqueue, 'blockCard', { cardRef: card.cardRef, last4: card.last4, reason: params.reason, mode: params.mode ?? 'block' });
      }
      const refs = new Set(toBlock.map((c) => c.cardRef));
      enqueue.assign({ cards: context.cards.map((c) => (refs.has(c.cardRef) ? { ...c, status: 'blocking', failure: null } : c)) });
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
    params: {},
    implementation: enqueueActions(({ context, event, enqueue }: ActionArgs & { enqueue: Enqueue }) => {
      enqueue.assign({ travelling: event.data.travelling === true });
      if (event.data.emergencyCash === true) {
        effect(enqueue, 'notifyCustomer', { template: 'emergency-cash', contactChannel: context.contactChannel });
      }
    }),
  },
  loadTransactions: {
    params: {},
    implementation: enqueueActions(({ context, enqueue }: ActionArgs & { enqueue: Enqueue }) => {
      effect(enqueue, 'loadTransactions', { customerRef: context.customerRef });
    }),
  },
  scheduleReissue: {
    params: {},
    implementation: enqueueActions(({ context, event, enqueue }: ActionArgs & { enqueue: Enqueue }) => {
      const delivery: EffectParams['scheduleReissue']['delivery'] =
        event.data.delivery === 'branch'
          ? { kind: 'branch', branchId: text(event, 'branchId') }
          : { kind: 'address', address: text(event, 'address') };
      for (const card of context.cards.filter((c) => c.status === 'blocked')) {
        effect(enqueue, 'scheduleReissue', { cardRef: card.cardRef, last4: card.last4, delivery, express: context.travelling });
      }
    }),
  },
  scheduleCallback: {
    params: { retryInMinutes: { type: 'number' } },
    implementation: enqueueActions(
      ({ context, event, enqueue }: ActionArgs & { enqueue: Enqueue }, params: { retryInMinutes?: number }) => {
        const requested = text(event, 'at');
        const at = params.retryInMinutes
          ? new Date(Date.parse(event.at) + params.retryInMinutes * 60_000).toISOString()
          : requested || event.at;
        const channel = event.data.contactChannel as IncidentContext['contactChannel'] | undefined;
        const contactChannel = channel && CONTACT_CHANNELS.includes(channel) ? channel : context.contactChannel;
        effect(enqueue, 'scheduleCallback', { at, contactChannel }, at);
        enqueue.assign({ callbackAt: at, contactChannel });
      },
    ),
  },
  notifyCustomer: {
    params: { template: { type: 'string', required: true } },
    implementation: enqueueActions(({ context, enqueue }: ActionArgs & { enqueue: Enqueue }, params: { template: string }) => {
      effect(enqueue, 'notifyCustomer', { template: params.template, contactChannel: context.contactChannel });
    }),
  },
} satisfies Record<string, { params: Record<string, ParamSpec>; implementation: unknown }>;

export type ActionName = keyof typeof ACTIONS;
