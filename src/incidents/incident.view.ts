import type { EffectHandlers } from '../effects/effect-handlers.js';
import type { EffectEntity } from '../effects/effect.entity.js';
import type { CardState, RevocationState } from '../playbooks/catalog/incident-context.js';
import { FALLBACK_TIME_ZONE, type FieldSettings, mediumOf, renderStep, StepView } from '../playbooks/guidance.js';
import type { CompiledPlaybook } from '../playbooks/playbook.compiler.js';
import { Attention, AttentionNow, attentionFor } from './attention.js';
import { type CardCheckView, describeCardCheck } from './card-check.view.js';
import type { IncidentEventEntity } from './incident-event.entity.js';
import type { IncidentEntity, IncidentStatus } from './incident.entity.js';
import { summarizeEvent } from './timeline.js';
import type { ContributedSections, SectionInput, ViewSection } from './view-section.js';

/** Everything an operator console, a risk analyst or a fraud engine reads about one incident: the core's fields, and the features' sections. */
export type IncidentView = CoreView & ContributedSections;

/** What the incident itself holds. */
export interface CoreView {
  id: string;
  playbook: { id: string; version: number };
  status: IncidentStatus;
  state: string;
  version: number;
  customerRef: string;
  channel: string;
  locale: string;
  /** The customer's time zone: every time said or shown to them is in it. */
  timeZone: string;
  contactChannel: string;
  notifiedAt: string;
  openedAt: string;
  firstProtectiveActionAt: string | null;
  resolvedAt: string | null;
  /** The operator who owns the incident (its callbacks); null until someone takes it. */
  assignedTo: string | null;
  /**
   * The operator's step, plus what Lifeline gave up on that still stands. While something stands, `say` and `do`
   * are the one voice for the situation as it is now (the gravest problem, from the cards' and effects' states).
   */
  step: (StepView & { attention: Attention[] }) | null;
  /** `walletTokens` only once a playbook has revoked the card's mobile-wallet tokens. */
  cards: { cardRef: string; last4: string; status: CardState; blockedAt: string | null; walletTokens?: RevocationState }[];
  /** The caller's word against core banking's on the cards (core banking not answering, a different last 4, a card not theirs); null when they agree. */
  cardCheck: CardCheckView | null;
  /** The customer's mobile-app sessions; null unless a playbook revoked them. */
  appSessions: RevocationState | null;
  /** `cardLast4`: the incident's card the payment was made with (null when it is not one of them). */
  transactions: { id: string; at: string; amount: number; currency: string; merchant: string; city: string; suspicious: boolean; disputed: boolean; cardLast4: string | null }[];
  timeline: { at: string; type: string; actor: string; summary: string }[];
}

/** A section with what its `load` read. */
export interface LoadedSection {
  section: ViewSection;
  loaded: unknown;
}

export function buildIncidentView(
  incident: IncidentEntity,
  playbook: CompiledPlaybook,
  events: IncidentEventEntity[],
  effects: EffectEntity[],
  handlers: EffectHandlers,
  sections: LoadedSection[],
  now: Date,
  fieldSettings: FieldSettings,
  /** The numbers the operator is told to call (config). */
  numbers: { cardProcessingHotline: string },
): IncidentView {
  const { context } = incident.snapshot;
  const disputed = new Set(context.disputedTransactions);
  const core: CoreView = {
    id: incident.id,
    playbook: { id: incident.playbookId, version: incident.playbookVersion },
    status: incident.status,
    state: incident.state,
    version: incident.version,
    customerRef: incident.customerRef,
    channel: incident.channel,
    locale: incident.locale,
    timeZone: context.timeZone ?? FALLBACK_TIME_ZONE,
    contactChannel: context.contactChannel,
    notifiedAt: incident.notifiedAt.toISOString(),
    openedAt: incident.openedAt.toISOString(),
    firstProtectiveActionAt: incident.firstProtectiveActionAt?.toISOString() ?? null,
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    assignedTo: incident.assignedTo,
    step: incident.status === 'open' ? withAttention(renderStep(playbook.effective, incident.state, context, mediumOf(incident.channel), fieldSettings), attentionFor(effects, context, handlers)) : null,
    cards: context.cards.map(({ cardRef, last4, status, blockedAt, walletTokens }) => ({ cardRef, last4, status, blockedAt, ...(walletTokens && { walletTokens }) })),
    cardCheck: describeCardCheck(context, numbers.cardProcessingHotline),
    appSessions: context.appSessions ?? null,
    transactions: context.transactions.map(({ cardRef, ...t }) => ({ ...t, disputed: disputed.has(t.id), cardLast4: context.cards.find((c) => c.cardRef === cardRef)?.last4 ?? null })),
    timeline: events.map((e) => ({
      at: e.at.toISOString(),
      type: e.type,
      actor: e.actor,
      summary: summarizeEvent(e, incident.locale, context, playbook.effective, handlers),
    })),
  };
  const input: SectionInput = { incident, effects, now };
  // Each section goes right after the core field it names, so the view keeps one shape whatever registered first.
  const view: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(core)) {
    view[field] = value;
    for (const { section, loaded } of sections.filter((s) => s.section.after === field)) {
      const rendered = section.render(loaded, input);
      if (rendered !== undefined) view[section.key] = rendered;
    }
  }
  // Typed by each section's own declaration of its key.
  return view as unknown as IncidentView;
}

function withAttention(step: StepView | null, attention: AttentionNow | null) {
  if (!step) return null;
  return attention ? { ...step, say: attention.say, do: attention.do, attention: attention.items } : { ...step, attention: [] };
}
