import { ACTIONS, type ActionArgs, type ParamsOf } from './actions.js';
import type { EffectKind } from './effects.js';
import type { GuardName } from './guards.js';
import { initialContext } from './incident-context.js';

/**
 * Action params are typed from each action's own spec, and the compiler binds them without a cast: `tsc`
 * (run by `npm test`) fails if a `@ts-expect-error` line below stops being an error.
 */
describe('action params typed from their specs', () => {
  const context = initialContext({
    customerRef: 'cust-1',
    locale: 'en',
    contactChannel: 'sms',
    cards: [{ cardRef: 'card-1', last4: '4242' }],
    openedAt: '2026-03-01T10:00:00.000Z',
  });
  const event = { type: 'CARDS_CONFIRMED', data: {}, at: '2026-03-01T10:01:00.000Z', actor: 'op-1' };

  it('accepts what the spec allows and refuses the rest at compile time', () => {
    const stolen: ParamsOf<typeof ACTIONS.blockCards.params> = { reason: 'stolen', mode: 'freeze' };
    // @ts-expect-error a reason outside the spec's options
    const misplaced: ParamsOf<typeof ACTIONS.blockCards.params> = { reason: 'misplaced' };
    // @ts-expect-error the required reason left out
    const noReason: ParamsOf<typeof ACTIONS.blockCards.params> = { mode: 'block' };
    // @ts-expect-error minutes are a number, not text
    const inText: ParamsOf<typeof ACTIONS.scheduleCallback.params> = { inMinutes: '30' };
    // @ts-expect-error a yes/no param given as text, straight to the action
    const asked = (args: ActionArgs) => ACTIONS.recordIdentity.run(args, { verified: 'yes' });
    // @ts-expect-error a misspelt guard name
    const guard: GuardName = 'allCardBlocked';

    expect([misplaced, noReason, inText, asked, guard]).toHaveLength(5);
    expect(stolen.reason).toBe('stolen');
  });

  it('runs an action with its typed params: the reason reaches the effect, the card is marked in progress', () => {
    const asks: { kind: EffectKind; params: unknown }[] = [];
    const patch = ACTIONS.blockCards.run({ context, event, ask: (kind, params) => void asks.push({ kind, params }) }, { reason: 'stolen' });
    expect(asks).toEqual([{ kind: 'blockCard', params: { cardRef: 'card-1', last4: '4242', reason: 'stolen', mode: 'block' } }]);
    // The protection is kept too: a card added to the incident later is blocked the same way.
    expect(patch).toEqual({ cards: [expect.objectContaining({ cardRef: 'card-1', status: 'blocking' })], protection: { reason: 'stolen', mode: 'block' } });
  });
});
