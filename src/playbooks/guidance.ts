import { eventSpec, FieldSpec } from './catalog/events.js';
import type { IncidentContext } from './catalog/incident-context.js';
import { allowedEvents } from './playbook.engine.js';
import type { Locale, PlaybookDefinition } from './playbook.definition.js';

/** What the operator sees for the current step, in the incident's language. */
export interface StepView {
  id: string;
  title: string;
  say: string;
  do: string;
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
export function renderStep(definition: PlaybookDefinition, stateName: string, context: IncidentContext): StepView | null {
  const state = definition.states[stateName];
  if (!state?.step || state.type === 'final') return null;
  const locale = context.locale;
  const calm = context.mood ? state.step.calm?.[context.mood] : undefined;
  const actions = allowedEvents(state).map((event): ActionView => ({
    event,
    label: state.on[event].label?.[locale] ?? event,
    fields: (eventSpec(event)?.fields ?? []).map((f) => renderField(f, locale)),
  }));
  const [first, ...rest] = actions;
  const hasPrimary = first !== undefined && state.on[first.event].primary === true;
  return {
    id: stateName,
    title: fill(state.step.title[locale], context, locale),
    say: fill((calm ?? state.step.say)[locale], context, locale),
    do: fill(state.step.do[locale], context, locale),
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

/** Scripts may name facts of the incident: {cards}, {cardCount}, {failedCards}, {callbackAt}, {contactChannel}, {openedAt}. */
function fill(text: string, context: IncidentContext, locale: Locale): string {
  const last4s = (failedOnly = false) =>
    context.cards
      .filter((c) => !failedOnly || c.status.endsWith('_failed'))
      .map((c) => `•••• ${c.last4}`)
      .join(', ');
  const values: Record<string, string> = {
    cards: last4s(false),
    cardCount: String(context.cards.length),
    failedCards: last4s(true),
    callbackAt: context.callbackAt ? formatTime(context.callbackAt, locale) : '',
    contactChannel: context.contactChannel,
    openedAt: context.openedAt ? formatTime(context.openedAt, locale) : '',
  };
  return text.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

/** Built once per locale: a formatter is costly to create and every view renders a few times. */
const TIME_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }),
  ru: new Intl.DateTimeFormat('ru-RU', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }),
};

export function formatTime(iso: string, locale: Locale): string {
  return `${TIME_FORMATS[locale].format(new Date(iso))} UTC`;
}
