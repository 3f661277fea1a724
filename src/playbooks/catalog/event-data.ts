import type { EventSpec, FieldSpec } from './events.js';

const MAX_TEXT = 500;

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
      return typeof value === 'string' && value.length <= MAX_TEXT ? null : `must be text of at most ${MAX_TEXT} characters`;
    case 'choice':
      return typeof value === 'string' && f.options?.includes(value) ? null : `must be one of ${f.options?.join(', ')}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'datetime':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : 'must be an ISO-8601 date and time';
  }
}
