/** A full card number (PAN) must never be stored, logged or echoed; only refs and last 4 digits. */

/** Digit groups split by one space or dash, standing on their own: not part of a word such as a hash. */
const NUMBER_RUN = /(?<![A-Za-z0-9])\d+(?:[ -]\d+)*(?![A-Za-z0-9])/g;

/** True when the whole value reads as a card number: 13–19 digits, spaces or dashes allowed between. */
export function looksLikeCardNumber(value: string): boolean {
  return /^\d{13,19}$/.test(value.replace(/[ -]/g, ''));
}

/** True when the text holds a card number anywhere: a card-shaped number of 13–19 digits that passes the Luhn check. */
export function containsCardNumber(text: string): boolean {
  return (text.match(NUMBER_RUN) ?? []).some((run) => cardShaped(run).some((digits) => digits.length <= 19 && passesLuhn(digits)));
}

/** Masks every card-shaped number of 13 or more digits, Luhn or not, so text is safe to put in an error or a log. */
export function redactCardNumbers(text: string): string {
  return text.replace(NUMBER_RUN, (run) => (cardShaped(run).length > 0 ? '[redacted]' : run));
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

/**
 * The card numbers a run may hold: a group of 13 or more digits, or consecutive groups of 3 to 6 digits
 * (as cards are printed) adding up to 13–19. A UUID's 8-4-4-4-12 groups never qualify.
 */
function cardShaped(run: string): string[] {
  const groups = run.split(/[ -]/);
  const found = groups.filter((group) => group.length >= 13);
  for (let start = 0; start < groups.length; start++) {
    let digits = '';
    // A window stops at 19 digits, so a hostile run of many short groups costs linear time.
    for (let end = start; end < groups.length && groups[end].length >= 3 && groups[end].length <= 6 && digits.length < 19; end++) {
      digits += groups[end];
      if (digits.length >= 13) found.push(digits);
    }
  }
  return found;
}
