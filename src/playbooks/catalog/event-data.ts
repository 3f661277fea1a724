import { containsCardNumber } from '../../common/card-number.js';
import type { EventSpec, FieldSpec } from './events.js';

const MAX_TEXT = 500;
/** Said without quoting the value: the message goes back to the caller and into logs. */
const CARD_NUMBER_REFUSED = 'holds what looks like a full card number, which is never accepted';

/** What a callback time is checked against: now, and the bank's contact hours (`08:00-21:00`) in the customer's time zone. */
export interface CallbackBounds {
  now: Date;
  timeZone: string;
  contactHours: string;
}

/**
 * Checks an operator event's data against its fields; returns the data with defaults, or the problems.
 * With `bounds`, a callback time must also be one the bank can keep (the rehearsal has no clock or customer: it leaves them out).
 */
export function validateEventData(
  spec: EventSpec,
  data: Record<string, unknown>,
  bounds?: CallbackBounds,
): { data: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const known = new Set(spec.fields.map((f) => f.name));
  for (const name of Object.keys(data)) {
    if (!known.has(name)) problems.push(`${name}: unknown field`);
  }
  const result: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const value = data[f.name] ?? f.default;
    if (value === undefined || value === null || value === '') {
      if (f.required) problems.push(`${f.name}: is required`);
      continue;
    }
    const problem = checkValue(f, value) ?? (f.callbackTime && bounds ? callbackTimeProblem(value as string, bounds) : null);
    if (problem) problems.push(`${f.name}: ${problem}`);
    else result[f.name] = f.type === 'datetime' ? new Date(value as string).toISOString() : value;
  }
  return { data: result, problems };
}

function checkValue(f: FieldSpec, value: unknown): string | null {
  switch (f.type) {
    case 'text':
      if (typeof value !== 'string' || value.length > MAX_TEXT) return `must be text of at most ${MAX_TEXT} characters`;
      return containsCardNumber(value) ? CARD_NUMBER_REFUSED : null;
    case 'choice':
      return typeof value === 'string' && f.options?.includes(value) ? null : `must be one of ${f.options?.join(', ')}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      return containsCardNumber(String(value)) ? CARD_NUMBER_REFUSED : null;
    case 'datetime':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : 'must be an ISO-8601 date and time';
  }
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** A callback the bank can keep: not in the past (it would be late at once), and when the customer may be called. */
function callbackTimeProblem(iso: string, { now, timeZone, contactHours }: CallbackBounds): string | null {
  const at = new Date(iso);
  if (at.getTime() <= now.getTime()) return `must be in the future (it is ${now.toISOString()} now)`;
  const [from, to] = contactHours.split('-');
  const local = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);
  const m = minutes(local);
  if (m >= minutes(from) && m < minutes(to)) return null;
  return `must be within contact hours ${from}-${to} in the customer's time zone (${timeZone}); ${local} there is outside them`;
}
