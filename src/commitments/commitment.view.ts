import type { CommitmentEntity, CommitmentKind } from './commitment.entity.js';
import { OWNERS } from './commitment-words.js';
import type { Effect } from '../effects/effect-handler.js';
import type { EffectHandlers } from '../effects/effect-handlers.js';
import type { EffectEntity } from '../effects/effect.entity.js';
import type { Locale } from '../playbooks/playbook.definition.js';
import type { IncidentEntity } from '../incidents/incident.entity.js';

/** A promise read to the customer: what, by when, by whom, and how they will hear. */
export interface Commitment {
  what: string;
  dueBy: string | null;
  owner: string;
  channel: string;
  /** `late`: a watched promise that missed its due time; a supervisor was alerted and the customer told. */
  status: 'in_progress' | 'scheduled' | 'due' | 'done' | 'failed' | 'late';
  /** Set on the promises Lifeline watches (a new card, a callback, a refund decision). */
  id?: string;
  kind?: CommitmentKind;
  /** When a watched promise was kept (after `lateSince`, if it was late). */
  keptAt?: string | null;
  lateSince?: string | null;
}

/**
 * One list, built from what is really under way, never typed by hand. What has a due time and is
 * watched (a new card once core banking gave its delivery date, a callback, a refund decision) comes
 * from the tracked commitments; what is done or under way (blocks, messages, an order not yet
 * confirmed) comes from the incident's effects, in the words of each effect's handler.
 */
export function describeCommitments(effects: EffectEntity[], incident: IncidentEntity, tracked: CommitmentEntity[], now: Date, handlers: EffectHandlers): Commitment[] {
  const locale = incident.locale;
  const trackedFor = new Map(tracked.filter((c) => c.effectId).map((c) => [c.effectId, c]));
  const fromEffects = (effects as unknown as Effect[]).flatMap((effect): Commitment[] => {
    // Withdrawn before it ran (a cancelled incident, a replaced callback): nothing is under way.
    if (effect.status === 'cancelled') return [];
    const watched = trackedFor.get(effect.id);
    if (watched) return describeTracked(watched, locale, now);
    const line = handlers.of(effect.kind).underWay?.(effect, incident.snapshot.context, locale);
    return line ? [line] : [];
  });
  const refundDecisions = tracked.filter((c) => !c.effectId).flatMap((c) => describeTracked(c, locale, now));
  return [...fromEffects, ...refundDecisions];
}

/** A promise no longer needed (replaced by a later callback, or the customer called us first) is not read out. */
function describeTracked(c: CommitmentEntity, locale: Locale, now: Date): Commitment[] {
  if (c.status === 'withdrawn') return [];
  const status = c.metAt ? 'done' : c.status === 'breached' ? 'late' : now >= c.dueBy ? 'due' : 'scheduled';
  return [
    {
      what: c.what[locale],
      dueBy: c.dueBy.toISOString(),
      owner: OWNERS[c.owner][locale],
      channel: c.channel,
      status,
      id: c.id,
      kind: c.kind,
      keptAt: c.metAt?.toISOString() ?? null,
      lateSince: c.breachedAt?.toISOString() ?? null,
    },
  ];
}
