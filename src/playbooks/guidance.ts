import { eventSpec, FieldSpec } from './catalog/events.js';
import type { IncidentContext } from './catalog/incident-context.js';
import { allowedEvents, everyStepEvents } from './playbook.engine.js';
import type { Locale, Medium, PlaybookDefinition } from './playbook.definition.js';
import { cardCount, cardList, channelWords, FALLBACK_TIME_ZONE, spokenTime } from './words/spoken.js';

export { FALLBACK_TIME_ZONE };

/** What the operator sees for the current step, in the incident's language. */
export interface StepView {
  id: string;
  title: string;
  say: string;
  do: string;
  /** Whose words these are: `voice` to be heard (phone, branch, api), `chat` to be read. */
  medium: Medium;
  primary: ActionView | null;
  alternatives: ActionView[];
}

export interface ActionView {
  event: string;
  label: string;
  fields: FieldView[];
}

export interface FieldView {
  name: string;
  label: string;
  type: FieldSpec['type'];
  required: boolean;
  options?: readonly string[];
  default?: FieldSpec['default'];
}

/** The step for a state, or null once the incident has reached its end. */
export function renderStep(definition: PlaybookDefinition, stateName: string, context: IncidentContext, medium: Medium = 'voice'): StepView | null {
  const state = definition.states[stateName];
  if (!state?.step || state.type === 'final') return null;
  const locale = context.locale;
  const words = medium === 'chat' ? { ...state.step, ...state.step.chat } : state.step;
  const calm = context.mood ? words.calm?.[context.mood] : undefined;
  // The step's own events, then those handled in every step that the operator sends (the mood switch).
  const actions = [...allowedEvents(state), ...everyStepEvents(definition, state)].map((event): ActionView => ({
    event,
    label: (state.on[event] ?? definition.on[event]).label?.[locale] ?? event,
    fields: (eventSpec(event)?.fields ?? []).map((f) => renderField(f, locale)),
  }));
  const [first, ...rest] = actions;
  const hasPrimary = first !== undefined && state.on[first.event].primary === true;
  return {
    id: stateName,
    title: fill(state.step.title[locale], context, locale),
    say: fill((calm ?? words.say)[locale], context, locale),
    do: fill(words.do[locale], context, locale),
    medium,
    primary: hasPrimary ? first : null,
    alternatives: hasPrimary ? rest : actions,
  };
}

function renderField(f: FieldSpec, locale: Locale): FieldView {
  const view: FieldView = { name: f.name, label: f.label[locale], type: f.type, required: f.required };
  if (f.options) view.options = f.options;
  if (f.default !== undefined) view.default = f.default;
  return view;
}

/** Phone, branch and API incidents are spoken; a chat is read. */
export function mediumOf(channel: string): Medium {
  return channel === 'chat' ? 'chat' : 'voice';
}

/** Scripts may name facts of the incident: {cards}, {cardCount}, {failedCards}, {callbackAt}, {contactChannel}, {openedAt}. */
export function fill(text: string, context: IncidentContext, locale: Locale): string {
  const failed = context.cards.filter((c) => c.status.endsWith('_failed'));
  const values: Record<string, string> = {
    cards: cardList(context.cards, locale),
    cardCount: cardCount(context.cards.length, locale),
    failedCards: cardList(failed, locale),
    callbackAt: context.callbackAt ? formatTime(context.callbackAt, locale, context.timeZone) : '',
    contactChannel: channelWords(context.contactChannel, locale),
    openedAt: context.openedAt ? formatTime(context.openedAt, locale, context.timeZone) : '',
  };
  return text.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

/** A time as the customer says it, in their time zone (incidents opened before time zones were kept: the fallback). */
export function formatTime(iso: string, locale: Locale, timeZone?: string): string {
  return spokenTime(iso, locale, timeZone ?? FALLBACK_TIME_ZONE);
}
