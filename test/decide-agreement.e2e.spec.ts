import fc from 'fast-check';
import { JOB_ACTOR } from '../src/auth/actor.js';
import { IncidentsService } from '../src/incidents/incidents.service.js';
import type { EntityManager } from 'typeorm';
import { BreachCards } from '../src/mass-compromise/breach-cards.js';
import { planBreach } from '../src/mass-compromise/breach-plan.js';
import { EVENT_NAMES, EVENTS, type EventName, type FieldSpec } from '../src/playbooks/catalog/events.js';
import { PlaybookRegistry } from '../src/playbooks/playbook-registry.js';
import { simulatePlaybook } from '../src/playbooks/playbook.rehearsal.js';
import { startTestApp, TestApp, uniqueCustomer } from './support/test-app.js';

const BREACH_CARDS = [
  { cardRef: 'breach-a', last4: '3333', customerRef: 'breach-cust-1' },
  { cardRef: 'breach-b', last4: '4444', customerRef: 'breach-cust-2' },
];
const BREACH = planBreach(BREACH_CARDS);
/** Aftercare that names a promise: the commitments book refuses it when nothing was promised, which a rehearsal cannot know. */
const NAMES_A_PROMISE: EventName[] = ['REISSUE_DELIVERED', 'REFUND_DECIDED'];
const operator = { id: 'op-agree', origin: '127.0.0.1' };

/** Valid data for an operator event's field, as the console would send it. */
function fieldValue(f: FieldSpec): fc.Arbitrary<unknown> {
  switch (f.type) {
    case 'choice':
      return fc.constantFrom(...f.options!);
    case 'multichoice':
      // The payments are facts of the incident; none are loaded here, so the one valid answer is none.
      return fc.constant([]);
    case 'boolean':
      return fc.boolean();
    case 'number':
      return fc.integer({ min: 0, max: 9 });
    case 'datetime':
      return fc.constant('2031-05-01T12:00:00.000Z');
    case 'text':
      // A branch is one core banking lists (the simulator's); the rehearsal cannot know them, the service checks.
      return f.optionsFrom === 'branches' ? fc.constantFrom('MSK-01', 'SPB-07') : fc.constantFrom('7 Nevsky Prospekt', 'branch-12', 'ref-1');
  }
}

/** A job report as our workers send it: about one of the cards or batches. */
const jobData = fc.record({
  cardRef: fc.constantFrom('a', 'b'),
  batch: fc.constant(0),
  coreRef: fc.constant('core-1'),
  blockedAt: fc.constant('2031-05-01T12:00:00.000Z'),
  eta: fc.constant('2031-05-09T12:00:00.000Z'),
  reason: fc.constant('timeout'),
});

const anEvent = (names: EventName[]) =>
  fc.constantFrom(...names).chain((type) => {
    const spec = EVENTS[type];
    if (spec.source === 'job') return jobData.map((data) => ({ type, data: data as Record<string, unknown> }));
    return fc.record(Object.fromEntries(spec.fields.map((f) => [f.name, fieldValue(f)]))).map((data) => ({ type, data: data as Record<string, unknown> }));
  });

describe('decide(): the service and the rehearsal agree', () => {
  let t: TestApp;
  let incidents: IncidentsService;
  let registry: PlaybookRegistry;

  beforeAll(async () => {
    // No workers: job reports come only from the property's events, so both sides see the same sequence.
    t = await startTestApp({ ROLE: 'api' });
    incidents = t.app.get(IncidentsService);
    registry = t.app.get(PlaybookRegistry);
  });

  afterAll(async () => {
    await t.close();
  });

  for (const playbookId of ['stolen-wallet', 'lost-card', 'card-compromised', 'stolen-phone', 'mass-compromise']) {
    it(`on random event sequences of ${playbookId}`, async () => {
      const playbook = registry.latest(playbookId);
      // The effective playbook: its file plus the ways out every playbook has (CANCEL, CALL_DROPPED and the callback path).
      const named = [...Object.keys(playbook.effective.on), ...Object.values(playbook.effective.states).flatMap((s) => Object.keys(s.on))] as EventName[];
      // The playbook's own events, plus a few it never handles, and aftercare.
      const pool = [...new Set([...named, 'CARD_FOUND', 'COMMITMENT_CHECKED', 'FOLLOW_UP_SENT', 'NOTICES_CONFIRMED'] as EventName[])].filter(
        (e) => EVENT_NAMES.includes(e) && !NAMES_A_PROMISE.includes(e),
      );
      const breach = playbookId === 'mass-compromise';

      await fc.assert(
        fc.asyncProperty(fc.array(anEvent(pool), { minLength: 1, maxLength: 10 }), async (generated) => {
          let events = generated;
          const customerRef = uniqueCustomer('agree');
          // Cards of their own: an open incident holding the same card would answer instead (deduplicated).
          const CARDS = [
            { cardRef: `${customerRef}-a`, last4: '1111' },
            { cardRef: `${customerRef}-b`, last4: '2222' },
          ];
          events = events.map((e) => (typeof e.data.cardRef === 'string' ? { ...e, data: { ...e.data, cardRef: `${customerRef}-${e.data.cardRef}` } } : e));
          const opened = await incidents.open(
            breach
              ? {
                  playbook: playbookId,
                  customerRef,
                  channel: 'api',
                  breach: {
                    counts: BREACH.counts,
                    write: (m: EntityManager, id: string) => new BreachCards(m).insert(id, BREACH),
                    add: (m: EntityManager, id: string) => new BreachCards(m).add(id, BREACH.cards),
                  },
                }
              : { playbook: playbookId, customerRef, channel: 'phone', locale: 'en', contactChannel: 'sms', cards: CARDS },
            operator,
          );
          const rehearsal = simulatePlaybook(playbook, { locale: 'en', contactChannel: 'sms', cards: breach ? [] : CARDS, breach: breach ? BREACH.counts : undefined, events });
          expect(opened.view.state).toBe(rehearsal.opened.state);

          for (const [i, event] of events.entries()) {
            const sent =
              EVENTS[event.type].source === 'job' ? incidents.send(opened.view.id, event, JOB_ACTOR) : incidents.sendFromApi(opened.view.id, event.type, event.data, operator);
            const answer = await sent.then(
              (view) => ({ accepted: true as const, state: view.state }),
              (error: { code?: string }) => ({ accepted: false as const, code: error.code }),
            );
            const rehearsed = rehearsal.steps[i];
            expect({ event: event.type, accepted: answer.accepted }).toEqual({ event: event.type, accepted: rehearsed.accepted });
            if (answer.accepted) expect(answer.state).toBe(rehearsed.state);
            else expect(answer.code).toBe('event_not_allowed');
          }
        }),
        { numRuns: 8 },
      );
    });
  }

  it('accepts aftercare in a rehearsal as the API does: REISSUE_DELIVERED never moves the step', () => {
    const playbook = registry.latest('stolen-wallet');
    const rehearsal = simulatePlaybook(playbook, { events: [{ type: 'REISSUE_DELIVERED', data: { cardRef: 'demo-card-1' } }] });
    expect(rehearsal.steps[0]).toMatchObject({ accepted: true, state: rehearsal.opened.state, effects: [] });
  });
});
