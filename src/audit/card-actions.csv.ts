import type { CardActionView } from './card-action.view.js';

/** The export's columns, in order; the header line uses the same names as the JSON API. */
export const CSV_COLUMNS: readonly (keyof CardActionView)[] = [
  'id', 'at', 'actor', 'origin', 'channel', 'action', 'result', 'cardRef', 'last4', 'customerRef',
  'incidentId', 'effectId', 'reason', 'failureReason', 'coreRef', 'prevHash', 'hash',
];

/** Spreadsheets run cells that start like a formula, so such a cell is opened with a quote (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field: quoted when it holds a comma, quote or line break, with inner quotes doubled. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(values: (string | null)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export const csvHeader = (): string => csvLine([...CSV_COLUMNS]);
export const csvRow = (row: CardActionView): string => csvLine(CSV_COLUMNS.map((c) => row[c] as string | null));
