/** A full card number (PAN) must never be stored, logged or echoed; only refs and last 4 digits. */
const CARD_NUMBER_RUN = /\d(?:[ -]?\d){12,18}/g;

/** True when the whole value reads as a card number: 13–19 digits, spaces or dashes allowed between. */
export function looksLikeCardNumber(value: string): boolean {
  return /^\d{13,19}$/.test(value.replace(/[ -]/g, ''));
}

/** Masks every 13–19 digit run, so text from elsewhere is safe to put in an error or a log. */
export function redactCardNumbers(text: string): string {
  return text.replace(CARD_NUMBER_RUN, '[redacted]');
}
