import type { EffectEntity } from '../effects/effect.entity.js';
import type { EffectParams } from '../playbooks/catalog/effects.js';
import type { FollowUpEntity } from './follow-up.entity.js';

/** The follow-up as the incident view shows it: when it goes (or went) out, and the customer's answer. */
export interface FollowUpView {
  dueAt: string;
  channel: string;
  sentAt: string | null;
  score: number | null;
  comment: string | null;
  answeredAt: string | null;
}

/** Null until the incident is resolved: that is when the follow-up is scheduled. */
export function describeFollowUp(effect: EffectEntity | undefined, sent: FollowUpEntity | null): FollowUpView | null {
  if (!effect) return null;
  return {
    dueAt: effect.dueAt.toISOString(),
    channel: sent?.channel ?? (effect.params as EffectParams['followUp']).contactChannel,
    sentAt: sent?.sentAt.toISOString() ?? null,
    score: sent?.score ?? null,
    comment: sent?.comment ?? null,
    answeredAt: sent?.answeredAt?.toISOString() ?? null,
  };
}
