import { containsCardNumber } from '../../common/card-number.js';
import type { EventSpec, FieldSpec } from './events.js';

const MAX_TEXT = 500;
/** Said without quoting the value: the message goes back to the caller and into logs. */
const CARD_NUMBER_REFUSED = 'holds what looks like a full card number, which is never accepted';

/** Checks an operator event's data against its fields; returns the data with defaults, or the problems. */
export function validateEventData(
  spec: EventSpec,
  data: Record<string, unknown>,
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
    const problem = checkValue(f, value);
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
