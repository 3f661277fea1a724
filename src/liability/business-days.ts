/** A day on a jurisdiction's calendar (month 1–12). */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** A formatter per time zone and purpose, built once: building one costs more than the rest of a liability clock. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: 'date' | 'offset', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format =
      kind === 'date'
        ? new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
        : new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(key, format);
  }
  return format;
}

/** The calendar day an instant falls on in a time zone. */
export function localDate(instant: Date, timeZone: string): LocalDate {
  const parts = formatter('date', timeZone).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** Business days are Monday to Friday; public holidays are not known here and count as business days. */
export function isBusinessDay(date: LocalDate): boolean {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The n-th business day after `date` (Friday plus 2 is Tuesday). */
export function addBusinessDays(date: LocalDate, n: number): LocalDate {
  let day = date;
  for (let counted = 0; counted < n; ) {
    day = addDays(day, 1);
    if (isBusinessDay(day)) counted += 1;
  }
  return day;
}

/** The last millisecond of a local day: a deadline "by the end of the day" in that zone. */
export function endOfDay(date: LocalDate, timeZone: string): Date {
  return new Date(startOfDay(addDays(date, 1), timeZone).getTime() - 1);
}

function startOfDay(date: LocalDate, timeZone: string): Date {
  const asUtc = Date.UTC(date.year, date.month - 1, date.day);
  const guess = asUtc - offsetMs(timeZone, asUtc);
  // Once more at the guess: a daylight-saving change between the two instants moves the offset.
  return new Date(asUtc - offsetMs(timeZone, guess));
}

/** How far the zone's clock is ahead of UTC at an instant ("GMT+03:00" → 3 h). */
function offsetMs(timeZone: string, at: number): number {
  const name = formatter('offset', timeZone).formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return (match[1] === '-' ? -minutes : minutes) * 60_000;
}
