import { planBreach } from '../mass-compromise/breach-plan.js';
import { loadShippedPlaybook, ofKind, OPENED_AT, PlaybookIncident, scriptProblems } from '../../test/support/playbook-incident.js';
import type { EventName } from './catalog/events.js';

const playbook = loadShippedPlaybook('mass-compromise');

/** 2,500 cards of 800 customers, as a fraud engine lists them: some customers have several cards. */
const BREACH = planBreach(
  Array.from({ length: 2500 }, (_, i) => ({ cardRef: `card_${i}`, last4: String(i % 10_000).padStart(4, '0'), customerRef: `cust-${i % 800}` })),
).counts;

const breach = () => new PlaybookIncident(playbook, { customerRef: 'breach-shopco-2025', locale: 'en', contactChannel: 'sms', cards: [], openedAt: OPENED_AT, breach: BREACH });

/** Every batch of a stage reports, as the jobs would. */
function reportAll(incident: PlaybookIncident, event: EventName, batches: number) {
  for (let batch = 0; batch < batches; batch++) incident.send(event, { batch });
}

describe('mass-compromise playbook', () => {
  it('numbers a breach into card batches of 1,000 and notice batches of 500 customers', () => {
    expect(BREACH).toEqual({ cards: 2500, customers: 800, cardBatches: 3, customerBatches: 2 });
  });

  it('blocks every card the moment it opens: one effect per batch of cards, never one per card', () => {
    const incident = breach();
    expect(incident.state).toBe('blocking');
    expect(incident.started.effects).toEqual([0, 1, 2].map((batch) => ({ kind: 'blockCardBatch', params: { batch, reason: 'compromised' } })));
    // The snapshot holds counts and batch numbers only, never the cards.
    expect(incident.context.cards).toEqual([]);
    expect(JSON.stringify(incident.snapshot).length).toBeLessThan(2000);
  });

  it('moves on only once every block batch has reported, counting each batch once', () => {
    const incident = breach();
    incident.send('CARD_BATCH_BLOCKED', { batch: 0, blocked: 1000, failed: 0 });
    incident.send('CARD_BATCH_BLOCKED', { batch: 0, blocked: 1000, failed: 0 });
    incident.send('CARD_BATCH_BLOCKED', { batch: 1, blocked: 998, failed: 2 });
    expect(incident.refuse('BLOCKS_CONFIRMED').message).toBe('Still blocking: 2 of 3 batches have reported');

    incident.send('CARD_BATCH_BLOCKED', { batch: 2, blocked: 500, failed: 0 });
    const confirmed = incident.send('BLOCKS_CONFIRMED');
    expect(incident.state).toBe('reissuing');
    expect(ofKind(confirmed.effects, 'reissueCardBatch')).toEqual([0, 1, 2].map((batch) => ({ batch, express: false })));
  });

  it('counts a batch core banking never confirmed as reported (given up), and a later success takes it back', () => {
    const incident = breach();
    incident.send('CARD_BATCH_BLOCK_FAILED', { batch: 1, reason: 'core banking is unavailable' });
    expect(incident.context.breach!.givenUp.block).toEqual([1]);
    incident.send('CARD_BATCH_BLOCKED', { batch: 1, blocked: 1000, failed: 0 });
    expect(incident.context.breach!.givenUp.block).toEqual([]);
    expect(incident.context.breach!.reported.block).toEqual([1]);
  });

  it('orders new cards, then tells the customers a batch of customers at a time, then resolves', () => {
    const incident = breach();
    reportAll(incident, 'CARD_BATCH_BLOCKED', 3);
    incident.send('BLOCKS_CONFIRMED');
    incident.send('CARD_BATCH_REISSUED', { batch: 0, ordered: 1000, failed: 0 });
    expect(incident.refuse('REISSUES_CONFIRMED').message).toBe('Still ordering new cards: 1 of 3 batches have reported');
    incident.send('CARD_BATCH_REISSUE_FAILED', { batch: 1, reason: 'timeout' });
    incident.send('CARD_BATCH_REISSUED', { batch: 2, ordered: 500, failed: 0 });

    const told = incident.send('REISSUES_CONFIRMED');
    expect(incident.state).toBe('notifying');
    expect(ofKind(told.effects, 'notifyCustomersBatch')).toEqual([
      { batch: 0, template: 'breach-notice', contactChannel: 'sms' },
      { batch: 1, template: 'breach-notice', contactChannel: 'sms' },
    ]);
    incident.send('CUSTOMER_BATCH_NOTIFIED', { batch: 0, customers: 500 });
    expect(incident.refuse('NOTICES_CONFIRMED').message).toBe('Still notifying customers: 1 of 2 batches have reported');
    incident.send('CUSTOMER_BATCH_NOTIFIED', { batch: 1, customers: 300 });
    const resolved = incident.send('NOTICES_CONFIRMED');
    expect(resolved.outcome).toBe('resolved');
  });

  it('offers the risk team one button per step, and scripts short enough to read to a caller', () => {
    const incident = breach();
    expect(incident.step()).toMatchObject({ id: 'blocking', primary: { event: 'BLOCKS_CONFIRMED' }, alternatives: [expect.objectContaining({ event: 'CUSTOMER_MOOD' })] });
    expect(scriptProblems(playbook, incident.context)).toEqual([]);
  });
});
