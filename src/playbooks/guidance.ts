import { eventSpec, FieldSpec } from './catalog/events.js';
import type { FieldChoice, FieldView } from './catalog/field-rules.js';
import type { IncidentContext } from './catalog/incident-context.js';
import { offeredEvents } from './playbook.engine.js';
import type { Locale, Medium, PlaybookDefinition } from './playbook.definition.js';
import { cardCount, cardList, channelWords, FALLBACK_TIME_ZONE, paymentWords, spokenTime } from './words/spoken.js';

export type { FieldView } from './catalog/field-rules.js';

/** The bank's settings a step's fields are shown with: the contact hours a callback must fall within (CONTACT_HOURS). */
export interface FieldSettings {
  contactHours?: { from: string; to: string };
  /** The bank's lists, as core banking gave them (none while it does not answer). */
  branches?: FieldChoice[];
  /** The customer's address on file, as core banking holds it, shown with that option. */
  addressOnFile?: string;
}

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

/** The step for a state, or null once the incident has reached its end. */
export function renderStep(definition: PlaybookDefinition, stateName: string, context: IncidentContext, medium: Medium = 'voice', settings: FieldSettings = {}): StepView | null {
  const state = definition.states[stateName];
  if (!state?.step || state.type === 'final') return null;
  const locale = context.locale;
  const words = medium === 'chat' ? { ...state.step, ...state.step.chat } : state.step;
  const calm = context.mood ? words.calm?.[context.mood] : undefined;
  // The step's own events, then those handled in every step that the operator sends (the mood switch).
  const actions = offeredEvents(definition, state).map((event): ActionView => ({
    event,
    label: (state.on[event] ?? definition.on[event]).label?.[locale] ?? event,
    fields: fieldViews(eventSpec(event)?.fields ?? [], context, settings),
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

/** An event's fields as the step shows them, with the incident's facts as options (its loaded payments) and the bounds filled in. */
export function fieldViews(fields: readonly FieldSpec[], context: IncidentContext, settings: FieldSettings = {}): FieldView[] {
  const { locale } = context;
  return fields.map((f) => {
    const view: FieldView = { name: f.name, label: f.label[locale], type: f.type, required: f.required };
    if (f.requiredWhen) view.requiredWhen = f.requiredWhen;
    if (f.options) view.options = f.options;
    if (f.options && f.optionLabels) {
      view.choices = f.options.map((value) => {
        const label = f.optionLabels?.[value]?.[locale] ?? value;
        return { value, label: value === 'addressOnFile' && settings.addressOnFile ? `${label}: ${settings.addressOnFile}` : label };
      });
    }
    if (f.optionsFrom === 'transactions') {
      const timeZone = context.timeZone ?? FALLBACK_TIME_ZONE;
      view.choices = context.transactions.map((t) => {
        const cardLast4 = context.cards.find((c) => c.cardRef === t.cardRef)?.last4 ?? null;
        const { id, merchant, city, amount, currency, at } = t;
        return { value: id, label: paymentWords(t, cardLast4, locale, timeZone), payment: { id, cardLast4, merchant, city, amount, currency, at } };
      });
      view.options = view.choices.map((c) => c.value);
    }
    if (f.optionsFrom === 'branches' && settings.branches) {
      view.choices = settings.branches;
      view.options = settings.branches.map((c) => c.value);
    }
    if (f.default !== undefined) view.default = f.default;
    if (f.bounds) {
      const hours = f.bounds === 'contactHours' ? settings.contactHours : undefined;
      view.bounds = hours ? { future: true, contactHours: { ...hours, timeZone: context.timeZone ?? FALLBACK_TIME_ZONE } } : { future: true };
    }
    return view;
  });
}

/** What a step's forms offer from the bank (its branches, the customer's address on file), to ask core banking before the step is shown. */
export function bankListsOffered(definition: PlaybookDefinition, stateName: string): { branches: boolean; addressOnFile: boolean } {
  const fields = Object.keys(definition.states[stateName]?.on ?? {}).flatMap((event) => eventSpec(event)?.fields ?? []);
  return { branches: fields.some((f) => f.optionsFrom === 'branches'), addressOnFile: fields.some((f) => f.options?.includes('addressOnFile')) };
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
