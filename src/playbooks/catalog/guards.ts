import { breachBatches, type BreachStage, type IncidentContext, type IncidentEvent } from './incident-context.js';

interface GuardArgs {
  context: IncidentContext;
  event: IncidentEvent;
}

export interface GuardSpec {
  check: (args: GuardArgs) => boolean;
  /** Said to the operator (and in the 422) when the guard holds the step back. */
  explain: (args: GuardArgs) => string;
}

const cardList = (context: IncidentContext, status: string) =>
  context.cards
    .filter((c) => c.status === status)
    .map((c) => `•••• ${c.last4}`)
    .join(', ');

/** Every batch of a breach stage has reported, done or given up: the stage is over and its numbers are final. */
const breachStageOver = (stage: BreachStage, doing: string): GuardSpec => ({
  check: ({ context }) => context.breach !== undefined && context.breach.reported[stage].length >= breachBatches(context.breach, stage),
  explain: ({ context }) =>
    context.breach
      ? `Still ${doing}: ${context.breach.reported[stage].length} of ${breachBatches(context.breach, stage)} batches have reported`
      : 'This incident is not a merchant breach',
});

/** Conditions a playbook may put on a transition, by name. */
export const GUARDS = {
  /** A callback timer moves the step only if it is for the time still promised, not one since replaced. */
  callbackStillDue: {
    check: ({ context, event }) => typeof event.data.at === 'string' && event.data.at === context.callbackAt,
    explain: ({ context }) => `This callback time was replaced${context.callbackAt ? ` by ${context.callbackAt}` : ''}`,
  },
  allCardsBlocked: {
    check: ({ context }) => context.cards.every((c) => c.status === 'blocked'),
    explain: ({ context }) =>
      `Not every card is blocked yet (still blocking: ${cardList(context, 'blocking') || 'none'}; failed: ${cardList(context, 'block_failed') || 'none'})`,
  },
  allCardsFrozen: {
    check: ({ context }) => context.cards.every((c) => c.status === 'frozen'),
    explain: ({ context }) =>
      `Not every card is frozen yet (still freezing: ${cardList(context, 'freezing') || 'none'}; failed: ${cardList(context, 'freeze_failed') || 'none'})`,
  },
  allCardsUnfrozen: {
    check: ({ context }) => context.cards.every((c) => c.status === 'active'),
    explain: ({ context }) =>
      `Not every card is switched back on yet (still unfreezing: ${cardList(context, 'unfreezing') || 'none'}; failed: ${cardList(context, 'unfreeze_failed') || 'none'})`,
  },
  phoneLockedOut: {
    check: ({ context }) =>
      context.appSessions === 'revoked' && context.cards.every((c) => c.walletTokens === 'revoked' && c.status === 'frozen'),
    explain: ({ context }) => {
      const waiting = [
        context.appSessions === 'revoked' ? '' : `app sign-out ${context.appSessions ?? 'not requested'}`,
        ...context.cards.filter((c) => c.walletTokens !== 'revoked').map((c) => `wallet tokens of •••• ${c.last4} ${c.walletTokens ?? 'not requested'}`),
        ...context.cards.filter((c) => c.status !== 'frozen').map((c) => `•••• ${c.last4} ${c.status}`),
      ].filter(Boolean);
      return `The stolen phone is not locked out yet (${waiting.join('; ')})`;
    },
  },
  breachBlocksReported: breachStageOver('block', 'blocking'),
  breachReissuesReported: breachStageOver('reissue', 'ordering new cards'),
  breachNoticesReported: breachStageOver('notify', 'notifying customers'),
  someCardBlockFailed: {
    check: ({ context }) => context.cards.some((c) => c.status === 'block_failed'),
    explain: () => 'No card block has failed',
  },
  reissueDeliveryAllowed: {
    check: ({ context, event }) =>
      event.data.delivery === 'branch'
        ? typeof event.data.branchId === 'string' && event.data.branchId.length > 0
        : context.identityVerified === true && typeof event.data.address === 'string' && event.data.address.length > 0,
    explain: ({ context, event }) =>
      event.data.delivery === 'branch'
        ? 'Delivery to a branch needs branchId'
        : context.identityVerified !== true
          ? 'Identity was not verified: new cards can only go to a branch, where the customer shows ID'
          : 'Delivery to an address needs address',
  },
} satisfies Record<string, GuardSpec>;

export type GuardName = keyof typeof GUARDS;
