import { join } from 'node:path';
import { LifelineError } from '../common/lifeline.error.js';
import type { CompiledPlaybook } from './playbook.compiler.js';
import { loadPlaybookFile, PLAYBOOKS_DIR } from './playbook.loader.js';
import { DEMO_CARDS, simulatePlaybook, SimulationRequest } from './playbook.rehearsal.js';

function loadStolenWallet(): CompiledPlaybook {
  const loaded = loadPlaybookFile(join(PLAYBOOKS_DIR, 'stolen-wallet.yaml'));
  if ('problems' in loaded) throw new Error(loaded.problems.join('\n'));
  return loaded.playbook;
}

const playbook = loadStolenWallet();
const NOW = new Date('2025-03-01T10:00:00.000Z');
const simulate = (request: SimulationRequest) => simulatePlaybook(playbook, request, NOW);

const blocked = (cards = DEMO_CARDS) => cards.map((c) => ({ type: 'CARD_BLOCKED', data: { cardRef: c.cardRef, coreRef: `core-${c.last4}` } }));

/** The primary path, with the job reports that real workers would send in between. */
const HAPPY_PATH = [
  { type: 'CUSTOMER_READY' },
  { type: 'IDENTITY_VERIFIED' },
  ...blocked(),
  { type: 'BLOCKS_CONFIRMED' },
  { type: 'TRANSACTIONS_REVIEWED' },
  { type: 'EMERGENCY_ASSESSED', data: { travelling: true } },
  { type: 'REISSUE_REQUESTED', data: { delivery: 'branch', branchId: 'MIL-01' } },
  { type: 'CALLBACK_SCHEDULED', data: { at: '2025-03-01T15:00:00Z' } },
  { type: 'CALL_ENDED' },
  { type: 'CALLBACK_STARTED' },
  { type: 'CALLBACK_COMPLETED' },
];

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('simulatePlaybook', () => {
  it('walks the primary path to resolution, showing each step, script and effect', () => {
    const run = simulate({ events: HAPPY_PATH });

    expect(run.playbook).toEqual({ id: 'stolen-wallet', version: 2, hash: playbook.hash });
    expect(run.opened).toMatchObject({ state: 'reassure', effects: [{ kind: 'loadTransactions', params: { customerRef: 'simulation' } }] });
    expect(run.opened.step?.say).toContain('You did the right thing by calling us');
    expect(run.steps.every((s) => s.accepted)).toBe(true);
    expect(run.steps.map((s) => s.state)).toEqual([
      'verify_identity', 'blocking_cards', 'blocking_cards', 'blocking_cards', 'blocking_cards', 'review_transactions',
      'emergency_help', 'reissue', 'callback', 'closing', 'awaiting_callback', 'calling_back', 'resolved',
    ]);
    expect(run.final).toEqual({ state: 'resolved', status: 'resolved' });
    expect(run.steps.at(-1)?.step).toBeNull();

    const verified = run.steps[1];
    expect(verified.effects).toEqual(DEMO_CARDS.map((c) => ({ kind: 'blockCard', params: { cardRef: c.cardRef, last4: c.last4, reason: 'stolen', mode: 'block' } })));
    expect(verified.step?.say).toBe('I am blocking your cards ending 1111, 2222 and 3333 right now. It takes a few seconds. Please stay on the line with me.');
    expect(verified.step?.primary?.event).toBe('BLOCKS_CONFIRMED');

    const reissue = run.steps.find((s) => s.event.type === 'REISSUE_REQUESTED')!;
    expect(reissue.effects.map((e) => e.params)).toEqual(
      DEMO_CARDS.map((c) => ({ cardRef: c.cardRef, last4: c.last4, delivery: { kind: 'branch', branchId: 'MIL-01' }, express: true })),
    );
    // Event data is normalised as the real API does: the datetime comes back in full ISO form.
    const callback = run.steps.find((s) => s.event.type === 'CALLBACK_SCHEDULED')!;
    expect(callback.event.data).toEqual({ at: '2025-03-01T15:00:00.000Z' });
    expect(callback.effects).toEqual([
      { kind: 'scheduleCallback', params: { at: '2025-03-01T15:00:00.000Z', contactChannel: 'sms' }, dueAt: '2025-03-01T15:00:00.000Z' },
    ]);
    expect(callback.step?.say).toContain('We will call you back at 1 March at 18:00');
  });

  it('reports a refused event and carries on from where the incident stayed', () => {
    const run = simulate({
      events: [
        { type: 'CUSTOMER_READY' },
        { type: 'IDENTITY_VERIFIED' },
        { type: 'BLOCKS_CONFIRMED' }, // too early: no card is blocked yet
        { type: 'CALL_ENDED' }, // not an action of this step
        ...blocked(),
        { type: 'BLOCKS_CONFIRMED' },
      ],
    });

    const [early, wrongStep] = [run.steps[2], run.steps[3]];
    expect(early).toMatchObject({ accepted: false, state: 'blocking_cards', effects: [] });
    expect(early.refusal).toEqual({
      reason: 'guard',
      message: 'Not every card is blocked yet (still blocking: cards ending 1111, 2222 and 3333; failed: none)',
      allowed: ['BLOCKS_CONFIRMED', 'CUSTOMER_MOOD', 'CALL_DROPPED', 'CANCEL'],
    });
    expect(early.step?.id).toBe('blocking_cards');
    expect(wrongStep).toMatchObject({ accepted: false, refusal: { reason: 'not_allowed', message: 'CALL_ENDED is not allowed in step blocking_cards' } });
    expect(run.steps.at(-1)).toMatchObject({ accepted: true, state: 'review_transactions' });
    expect(run.final).toEqual({ state: 'review_transactions', status: 'open' });
  });

  it('rehearses failure reports from jobs: a failed block leads to the fallback step', () => {
    const run = simulate({
      events: [
        { type: 'CUSTOMER_READY' },
        { type: 'IDENTITY_VERIFIED' },
        { type: 'CARD_BLOCK_FAILED', data: { cardRef: 'demo-card-2', reason: 'core banking timeout' } },
        { type: 'BLOCK_RETRY_REQUESTED' },
      ],
    });
    expect(run.steps[2]).toMatchObject({ accepted: true, state: 'block_failed' });
    expect(run.steps[2].step?.say).toContain('The block of your card ending 2222 is not confirmed yet');
    // Only the card that failed is blocked again.
    expect(run.steps[3].effects).toEqual([{ kind: 'blockCard', params: { cardRef: 'demo-card-2', last4: '2222', reason: 'stolen', mode: 'block' } }]);
  });

  it('uses the cards, locale and contact channel it is given', () => {
    const cards = [{ cardRef: 'card-a', last4: '4321' }];
    const run = simulate({ locale: 'ru', contactChannel: 'email', cards, events: [{ type: 'CUSTOMER_READY' }, { type: 'IDENTITY_VERIFIED' }] });
    expect(run.opened.step?.title).toBe('Успокоить клиента');
    expect(run.steps[1].step?.say).toBe('Я прямо сейчас блокирую 1 карту с последними цифрами 4321. Это займёт несколько секунд. Пожалуйста, оставайтесь на линии.');
    expect(run.steps[1].effects).toEqual([{ kind: 'blockCard', params: { cardRef: 'card-a', last4: '4321', reason: 'stolen', mode: 'block' } }]);
  });

  it('refuses every event after the incident has ended', () => {
    const run = simulate({ events: [...HAPPY_PATH, { type: 'CUSTOMER_READY' }] });
    expect(run.steps.at(-1)).toEqual({
      event: { type: 'CUSTOMER_READY', data: {} },
      accepted: false,
      refusal: { reason: 'incident_closed', message: 'The incident is resolved; it takes no more events', allowed: [] },
      state: 'resolved',
      step: null,
      effects: [],
    });
    expect(run.final).toEqual({ state: 'resolved', status: 'resolved' });
  });

  it('rejects unknown events and invalid operator data up front, naming each one', () => {
    const refused = thrownBy(() =>
      simulate({
        events: [
          { type: 'CUSTOMER_READY' },
          { type: 'WALLET_FOUND' },
          { type: 'REISSUE_REQUESTED', data: { delivery: 'drone' } },
          { type: 'CALLBACK_SCHEDULED', data: { at: 'tomorrow', note: 'x' } },
        ],
      }),
    );
    expect(refused).toBeInstanceOf(LifelineError);
    expect(refused).toMatchObject({
      code: 'invalid_event_data',
      details: {
        problems: [
          'events[1]: unknown event WALLET_FOUND',
          'events[2] REISSUE_REQUESTED: delivery: must be one of address, branch, addressOnFile',
          'events[3] CALLBACK_SCHEDULED: note: unknown field',
          'events[3] CALLBACK_SCHEDULED: at: must be an ISO-8601 date and time',
        ],
      },
    });
  });
});
