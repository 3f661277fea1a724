import { trailShard } from '../audit/hash-chain.js';
import { newCard } from '../simulator/seed.js';
import { CARDS_PER_BATCH, planBreach, type BreachCard } from './breach-plan.js';

/** A breach list as a fraud engine sends it: customers with one to three cards each. */
function breach(count: number): BreachCard[] {
  const cards: BreachCard[] = [];
  for (let i = 0; cards.length < count; i++) {
    for (let n = 1; n <= [3, 2, 3, 1][i % 4] && cards.length < count; n++) cards.push({ ...newCard(`card_plan-${i}_${n}`, 'any'), customerRef: `cust-plan-${i}` });
  }
  return cards;
}

function batches(cards: BreachCard[]) {
  const plan = planBreach(cards);
  const byBatch = new Map<number, BreachCard[]>();
  plan.cards.forEach((card, i) => byBatch.set(plan.cardBatch[i], [...(byBatch.get(plan.cardBatch[i]) ?? []), card]));
  return { plan, byBatch, chainsOf: (batch: number) => new Set(byBatch.get(batch)!.map((c) => trailShard(c.cardRef))) };
}

describe('planning a breach into batches', () => {
  it('puts every card in one batch of at most a thousand, numbered from 0 without a gap', () => {
    const cards = breach(20_500);
    const { plan, byBatch } = batches(cards);
    expect(plan.counts.cardBatches).toBe(21);
    expect([...byBatch.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 21 }, (_, i) => i));
    expect([...byBatch.values()].every((b) => b.length <= CARDS_PER_BATCH)).toBe(true);
    expect(plan.cards.map((c) => c.cardRef).sort()).toEqual(cards.map((c) => c.cardRef).sort());
  });

  it('keeps each batch on one or two audit chains, and the batches that run at once on different chains', () => {
    const { byBatch, chainsOf } = batches(breach(100_000));
    expect(byBatch.size).toBe(100);
    for (const batch of byBatch.keys()) expect(chainsOf(batch).size).toBeLessThanOrEqual(2);
    // The breach workers take four batches at a time, in number order.
    for (let first = 0; first + 4 <= 100; first += 4) {
      const chains = [first, first + 1, first + 2, first + 3].map(chainsOf);
      const shared = chains.flatMap((a, i) => chains.slice(i + 1).filter((b) => [...a].some((c) => b.has(c))));
      expect({ first, shared: shared.length }).toEqual({ first, shared: 0 });
    }
  });

  it('tells each customer once: all their cards in the same notice batch', () => {
    const { plan } = batches(breach(5_000));
    const noticeOf = new Map<string, Set<number>>();
    plan.cards.forEach((card, i) => noticeOf.set(card.customerRef, (noticeOf.get(card.customerRef) ?? new Set()).add(plan.customerBatch[i])));
    expect([...noticeOf.values()].every((batches) => batches.size === 1)).toBe(true);
  });
});
