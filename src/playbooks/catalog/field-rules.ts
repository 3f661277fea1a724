/**
 * The rules of an event's form, as the step shows them: which answers are needed (and when), which
 * options exist, and what a time may be. One definition serves the view, the server's check and the
 * console's (which imports this file), so both refuse the same answers with the same words.
 * Pure: no I/O, no Node or DOM, only Intl.
 */

export type FieldType = 'text' | 'choice' | 'multichoice' | 'datetime' | 'boolean' | 'number';

/** One option that is a fact of the incident (a loaded payment), described so the operator can read it out. */
export interface FieldChoice {
  value: string;
  label: string;
  /** A payment core banking reported: its id, the card it was made with, where, how much and when. */
  payment?: { id: string; cardLast4: string | null; merchant: string; city: string; amount: number; currency: string; at: string };
}

/** The customer's contact hours ("08:00"–"21:00", local time in their zone): when the bank may call. */
export interface ContactHours {
  from: string;
  to: string;
  timeZone: string;
}

/** A field as the step shows it, in the incident's language. */
export interface FieldView {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** Needed only while the other answers are these (`{ delivery: 'address' }`); the console shows it only then. */
  requiredWhen?: Readonly<Record<string, string>>;
  /** The values a choice or multi-choice may take. */
  options?: readonly string[];
  /** When the options are facts of the incident (its loaded payments): each one described. */
  choices?: FieldChoice[];
  default?: string | number | boolean;
  /** A datetime the bank can keep: after now and, when given, within the customer's contact hours. */
  bounds?: { future: true; contactHours?: ContactHours };
}

/** One answer refused, in both languages; `values` names what was not recognised (unknown payment ids). */
export interface FieldProblem {
  field: string;
  en: string;
  ru: string;
  values?: string[];
}

export const MAX_TEXT = 500;

/** Whether a field asks for an answer now, given the others. */
export function isRelevant(f: FieldView, data: Readonly<Record<string, unknown>>): boolean {
  return !f.requiredWhen || Object.entries(f.requiredWhen).every(([other, value]) => data[other] === value);
}

export function isRequired(f: FieldView, data: Readonly<Record<string, unknown>>): boolean {
  return f.requiredWhen ? isRelevant(f, data) : f.required;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** Every problem with an event's answers (defaults already applied), field by field. */
export function fieldProblems(fields: readonly FieldView[], data: Readonly<Record<string, unknown>>, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const f of fields) {
    const value = data[f.name];
    if (blank(value)) {
      if (isRequired(f, data)) {
        const when = f.requiredWhen
          ? Object.entries(f.requiredWhen)
              .map(([k, v]) => `${k} is ${v}`)
              .join(' and ')
          : '';
        problems.push({
          field: f.name,
          en: when ? `is required when ${when}` : 'is required',
          ru: when ? `обязательно, когда ${when.replaceAll(' is ', ' = ').replaceAll(' and ', ' и ')}` : 'обязательно',
        });
      }
      continue;
    }
    const problem = valueProblem(f, value, now);
    if (problem) problems.push({ field: f.name, ...problem });
  }
  return problems;
}

function valueProblem(f: FieldView, value: unknown, now: Date): Omit<FieldProblem, 'field'> | null {
  switch (f.type) {
    case 'text':
      if (typeof value !== 'string' || value.length > MAX_TEXT)
        return { en: `must be text of at most ${MAX_TEXT} characters`, ru: `должно быть текстом не длиннее ${MAX_TEXT} символов` };
      // Listed by the bank (its branches): one of them; unlisted while the bank does not answer, any text.
      return !f.options || f.options.includes(value) ? null : { en: `must be one of ${f.options.join(', ')}`, ru: `должно быть одним из: ${f.options.join(', ')}` };
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : { en: 'must be a number', ru: 'должно быть числом' };
    case 'boolean':
      return typeof value === 'boolean' ? null : { en: 'must be true or false', ru: 'должно быть «да» или «нет»' };
    case 'choice':
      return typeof value === 'string' && f.options?.includes(value)
        ? null
        : { en: `must be one of ${f.options?.join(', ')}`, ru: `должно быть одним из: ${f.options?.join(', ')}` };
    case 'multichoice': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return { en: 'must be a list of ids', ru: 'должно быть списком номеров' };
      // No options yet: they are facts of the incident, checked once it is loaded.
      if (!f.options) return null;
      const unknown = [...new Set(value as string[])].filter((v) => !f.options!.includes(v));
      if (unknown.length === 0) return null;
      const listed = f.choices
        ? { en: 'the payments loaded for this incident', ru: 'загруженных операций этого обращения' }
        : { en: f.options.join(', '), ru: f.options.join(', ') };
      return { en: `not among ${listed.en}: ${unknown.join(', ')}`, ru: `нет среди ${listed.ru}: ${unknown.join(', ')}`, values: unknown };
    }
    case 'datetime':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value)))
        return { en: 'must be an ISO-8601 date and time', ru: 'должно быть датой и временем ISO-8601' };
      return f.bounds ? boundsProblem(f.bounds, new Date(value), now) : null;
  }
}

function boundsProblem(bounds: NonNullable<FieldView['bounds']>, at: Date, now: Date): Omit<FieldProblem, 'field'> | null {
  if (at.getTime() <= now.getTime()) return { en: 'must be in the future', ru: 'должно быть в будущем' };
  const hours = bounds.contactHours;
  if (hours && !withinContactHours(at, hours)) {
    return {
      en: `must be within contact hours, ${hours.from}–${hours.to} in the customer's time zone (${hours.timeZone})`,
      ru: `должно быть в часы связи, ${hours.from}–${hours.to} по времени клиента (${hours.timeZone})`,
    };
  }
  return null;
}

/** Whether a moment falls within contact hours, read on the clock in the customer's time zone. */
export function withinContactHours(at: Date, hours: ContactHours): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: hours.timeZone }).formatToParts(at);
  const hm = `${parts.find((p) => p.type === 'hour')?.value}:${parts.find((p) => p.type === 'minute')?.value}`;
  return hours.from <= hours.to ? hm >= hours.from && hm < hours.to : hm >= hours.from || hm < hours.to;
}

/** "08:00-21:00" read as contact hours; null when it is not two times of day. */
export function parseContactHours(text: string): { from: string; to: string } | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/.exec(text.trim());
  if (!match || (match[3] === '24' && match[4] !== '00')) return null;
  const from = `${match[1]}:${match[2]}`;
  const to = `${match[3]}:${match[4]}`;
  return from === to ? null : { from, to };
}
