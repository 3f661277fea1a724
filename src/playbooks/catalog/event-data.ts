import { containsCardNumber } from '../../common/card-number.js';
import { type FieldSettings, fieldViews } from '../guidance.js';
import type { EventSpec } from './events.js';
import { fieldProblems, type FieldView } from './field-rules.js';
import type { IncidentContext } from './incident-context.js';

/** Said without quoting the value: the message goes back to the caller and into logs. */
const CARD_NUMBER_REFUSED = 'holds what looks like a full card number, which is never accepted';

/** The incident an event is for: its facts give the options (loaded payments) and the bounds (contact hours in the customer's zone). */
export interface FieldFacts {
  context: IncidentContext;
  settings: FieldSettings;
  now: Date;
}

export interface CheckedEventData {
  data: Record<string, unknown>;
  problems: string[];
  /** Per field, the values that are not among its options (payment ids the incident never loaded). */
  unknown: Record<string, string[]>;
}

/**
 * Checks an operator event's data against its fields by the step's own rules (field-rules.ts); returns the
 * data with defaults, or the problems. Without the incident's facts only the shape is checked: the options
 * that are facts and the time bounds are checked again once the incident is loaded.
 */
export function validateEventData(spec: EventSpec, data: Record<string, unknown>, facts?: FieldFacts): CheckedEventData {
  const problems: string[] = [];
  const known = new Set(spec.fields.map((f) => f.name));
  for (const name of Object.keys(data)) {
    if (!known.has(name)) problems.push(`${name}: unknown field`);
  }
  const views: FieldView[] = facts
    ? fieldViews(spec.fields, facts.context, facts.settings)
    : spec.fields.map(({ name, label, type, required, options, requiredWhen, optionsFrom }) => ({ name, label: label.en, type, required, ...(requiredWhen && { requiredWhen }), ...(options && !optionsFrom && { options }) }));
  const given: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const value = data[f.name] ?? f.default;
    if (value === undefined || value === null || value === '') continue;
    // Checked first, so no later problem quotes a card number back.
    if (f.type !== 'boolean' && containsCardNumber(Array.isArray(value) ? value.join(' ') : String(value))) problems.push(`${f.name}: ${CARD_NUMBER_REFUSED}`);
    else given[f.name] = value;
  }
  const unknown: Record<string, string[]> = {};
  const refused = new Set<string>();
  for (const p of fieldProblems(views, given, facts?.now ?? new Date())) {
    problems.push(`${p.field}: ${p.en}`);
    if (p.values) unknown[p.field] = p.values;
    refused.add(p.field);
  }
  const result: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const value = given[f.name];
    if (value === undefined || refused.has(f.name)) continue;
    result[f.name] = f.type === 'datetime' ? new Date(value as string).toISOString() : f.type === 'multichoice' ? [...new Set(value as string[])] : value;
  }
  return { data: result, problems, unknown };
}
