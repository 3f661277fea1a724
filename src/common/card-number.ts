/**
 * A full card number (PAN) must never be stored, logged or echoed; only refs and last 4 digits.
 * This file is the one rule: validation refuses what `findCardNumbers` finds, and redaction masks the same.
 *
 * The rule, as PCI scanners read text: digits in any script (fullwidth and other Unicode digits count as
 * their ASCII value), in groups of any size split by any run of characters that are neither letters nor
 * digits (spaces, NBSP, tabs, dots, dashes, underscores, slashes), and glued to letters or not. A card
 * number is 13–19 such digits, starting where a group starts and ending where a group ends, that pass the
 * Luhn check and start with an issuer's major industry identifier (2–6). An epoch in milliseconds or an
 * order number starting with 1 is therefore never a card number.
 */

/**
 * Ids and times, whose digits are never read as a card number: hex ids (a SHA digest, a UUID with or
 * without dashes) and ISO dates and times of day (`2026-12-01`, `23:05:28.123+00:00`), which a log line or
 * a database dump holds next to other numbers.
 */
const NOT_A_NUMBER = new RegExp(
  [
    '(?<![\\p{L}\\p{N}])(?:[0-9a-f]{32,}|[0-9A-F]{32,}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?![\\p{L}\\p{N}])',
    '(?<!\\d)\\d{4}-\\d{2}-\\d{2}(?!\\d)',
    '(?<!\\d)\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?(?:\\s?(?:Z|[+-]\\d{2}(?::?\\d{2})?))?(?!\\d)',
  ].join('|'),
  'gu',
);
const UNICODE_DIGIT = /\p{Nd}/u;
const LETTER_OR_NUMBER = /[\p{L}\p{N}\p{M}]/u;

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/** Where a card number sits in a text: from the first digit's index to just after the last digit's. */
export interface CardNumberSpan {
  start: number;
  end: number;
}

/** Every card number in the text, by the rule above. Linear in the text's length. */
export function findCardNumbers(text: string): CardNumberSpan[] {
  const ids = notANumberSpans(text);
  const found: CardNumberSpan[] = [];
  // The current run: its digits, each digit's place in the text, and the indexes in `digits` where a group starts.
  let digits = '';
  let starts: number[] = [];
  let ends: number[] = [];
  let groupStarts: number[] = [];
  let gapSinceDigit = false;
  const endRun = () => {
    if (digits.length >= MIN_DIGITS) collect(digits, starts, ends, groupStarts, found);
    digits = '';
    starts = [];
    ends = [];
    groupStarts = [];
    gapSinceDigit = false;
  };
  let idIndex = 0;
  for (let i = 0; i < text.length; ) {
    const codePoint = text.codePointAt(i)!;
    const width = codePoint > 0xffff ? 2 : 1;
    while (idIndex < ids.length && ids[idIndex].end <= i) idIndex++;
    const inId = idIndex < ids.length && ids[idIndex].start <= i;
    const digit = inId ? null : digitValue(codePoint);
    if (digit !== null) {
      if (digits.length === 0 || gapSinceDigit) groupStarts.push(digits.length);
      digits += digit;
      starts.push(i);
      ends.push(i + width);
      gapSinceDigit = false;
    } else if (inId || isLetter(codePoint)) {
      // A letter ends the run (a digit glued to it still counts; the letter only separates numbers).
      endRun();
    } else if (digits.length > 0) {
      gapSinceDigit = true;
    }
    i += width;
  }
  endRun();
  return found;
}

/** True when the text holds a card number anywhere. */
export function containsCardNumber(text: string): boolean {
  return findCardNumbers(text).length > 0;
}

/** Masks every card number as `[redacted]`, so text is safe to put in an error, a log or a ledger. */
export function redactCardNumbers(text: string): string {
  const spans = findCardNumbers(text);
  if (spans.length === 0) return text;
  let masked = '';
  let from = 0;
  for (const { start, end } of mergedSpans(spans)) {
    masked += `${text.slice(from, start)}[redacted]`;
    from = end;
  }
  return masked + text.slice(from);
}

/** The same masking through a JSON-like value, keys included. */
export function redactCardNumbersIn<T>(value: T): T {
  if (typeof value === 'string') return redactCardNumbers(value) as T;
  if (Array.isArray(value)) return value.map(redactCardNumbersIn) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [redactCardNumbers(key), redactCardNumbersIn(inner)])) as T;
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[digits.length - 1 - i]) * (i % 2 === 1 ? 2 : 1);
    sum += digit > 9 ? digit - 9 : digit;
  }
  return sum % 10 === 0;
}

/** Every window of whole groups holding 13–19 digits that reads as a card number; a window stops at 19 digits, so the cost stays linear. */
function collect(digits: string, starts: number[], ends: number[], groupStarts: number[], found: CardNumberSpan[]): void {
  const groupEnds = [...groupStarts.slice(1), digits.length];
  for (let g = 0; g < groupStarts.length; g++) {
    const start = groupStarts[g];
    for (let e = g; e < groupEnds.length && groupEnds[e] <= start + MAX_DIGITS; e++) {
      const end = groupEnds[e];
      if (end < start + MIN_DIGITS) continue;
      const candidate = digits.slice(start, end);
      if (candidate[0] >= '2' && candidate[0] <= '6' && passesLuhn(candidate)) found.push({ start: starts[start], end: ends[end - 1] });
    }
  }
}

function mergedSpans(spans: CardNumberSpan[]): CardNumberSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: CardNumberSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function notANumberSpans(text: string): CardNumberSpan[] {
  return [...text.matchAll(NOT_A_NUMBER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

function isLetter(codePoint: number): boolean {
  if (codePoint < 0x80) return (codePoint >= 0x41 && codePoint <= 0x5a) || (codePoint >= 0x61 && codePoint <= 0x7a);
  return LETTER_OR_NUMBER.test(String.fromCodePoint(codePoint));
}

/** The value of a decimal digit in any script, or null. */
function digitValue(codePoint: number): string | null {
  if (codePoint >= 0x30 && codePoint <= 0x39) return String(codePoint - 0x30);
  if (codePoint < 0x80 || !UNICODE_DIGIT.test(String.fromCodePoint(codePoint))) return null;
  return String(codePoint - zeroOf(codePoint));
}

const zeros = new Map<number, number>();

/** Unicode's decimal digits come in blocks of ten consecutive code points, 0 to 9; this finds the block's zero. */
function zeroOf(codePoint: number): number {
  const known = zeros.get(codePoint);
  if (known !== undefined) return known;
  let first = codePoint;
  while (first > 0 && UNICODE_DIGIT.test(String.fromCodePoint(first - 1))) first--;
  const zero = first + Math.floor((codePoint - first) / 10) * 10;
  for (let c = zero; c < zero + 10; c++) zeros.set(c, zero);
  return zero;
}
