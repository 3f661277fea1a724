import type { Effect } from '../effects/effect-handler.js';
import type { EffectHandlers } from '../effects/effect-handlers.js';
import type { EffectEntity } from '../effects/effect.entity.js';
import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import { failureWords } from '../playbooks/words/reasons.js';

/** Something Lifeline gave up on, in plain words: what failed and what the operator does now. */
export interface Attention {
  effectId: string;
  kind: EffectEntity['kind'];
  failed: string;
  sayToCustomer: string;
  doNow: string;
  since: string;
}

/** Effects given up on whose problem still stands (a card blocked by phone meanwhile needs no attention), in each handler's words. */
export function attentionFor(effects: EffectEntity[], context: IncidentContext, handlers: EffectHandlers): Attention[] {
  return (effects as unknown as Effect[])
    .filter((e) => e.status === 'dead')
    .flatMap((e) => {
      const handler = handlers.of(e.kind);
      if (!handler.attention || handler.settled?.(e.params, context)) return [];
      const w = handler.attention(e.params, failureWords(e.lastError ?? 'no answer', context.locale), context.locale);
      return [{ effectId: e.id, kind: e.kind, failed: w.failed, sayToCustomer: w.say, doNow: w.do, since: e.updatedAt.toISOString() }];
    });
}
