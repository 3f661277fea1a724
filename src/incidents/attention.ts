import type { Effect } from '../effects/effect-handler.js';
import type { EffectHandlers } from '../effects/effect-handlers.js';
import type { EffectEntity } from '../effects/effect.entity.js';
import type { IncidentContext } from '../playbooks/catalog/incident-context.js';
import { failureWords } from '../playbooks/words/reasons.js';

/** Something Lifeline gave up on whose problem still stands, in plain words: what failed and since when. */
export interface Attention {
  effectId: string;
  kind: EffectEntity['kind'];
  failed: string;
  since: string;
}

/** What the operator says and does about it all, now: one line each, for the gravest problem that stands. */
export interface AttentionNow {
  items: Attention[];
  say: string;
  do: string;
}

/**
 * Effects given up on whose problem still stands (a card blocked by phone, or by a retry, meanwhile needs
 * no attention), each in its handler's words; the say and do are those of the gravest (money at risk
 * first), written by its handler from the cards' and effects' states as they are now.
 */
export function attentionFor(effects: EffectEntity[], context: IncidentContext, handlers: EffectHandlers): AttentionNow | null {
  const standing = (effects as unknown as Effect[])
    .filter((e) => e.status === 'dead')
    .flatMap((e) => {
      const handler = handlers.of(e.kind);
      if (!handler.attention || handler.settled?.(e.params, context)) return [];
      return [
        {
          effect: e,
          urgency: handler.urgency ?? Number.MAX_SAFE_INTEGER,
          words: handler.attention(e.params, failureWords(e.lastError ?? 'no answer', context.locale), context.locale, context),
        },
      ];
    });
  if (standing.length === 0) return null;
  const gravest = standing.reduce((a, b) => (b.urgency < a.urgency ? b : a));
  return {
    items: standing.map(({ effect, words }) => ({ effectId: effect.id, kind: effect.kind, failed: words.failed, since: effect.updatedAt.toISOString() })),
    say: gravest.words.say,
    do: gravest.words.do,
  };
}
