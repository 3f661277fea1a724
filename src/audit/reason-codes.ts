/**
 * Why a card or credential was acted on, in the words issuers use. Each of Lifeline's reasons maps to one
 * standard code, recorded on every trail row, with the ISO 8583 response code card processing answers with
 * once the card is stopped (none for a customer's own request: issuers record that as a voluntary closure).
 */
export const REASON_CODES = {
  lost: { code: 'LOST', iso8583: '41', meaning: 'Lost card' },
  stolen: { code: 'STOLEN', iso8583: '43', meaning: 'Stolen card' },
  compromised: { code: 'COMPROMISED', iso8583: '34', meaning: 'Card data compromised (suspected fraud)' },
  'fraud-suspected': { code: 'FRAUD_SUSPECTED', iso8583: '59', meaning: 'Suspected fraud' },
  'customer-request': { code: 'CUSTOMER_REQUEST', iso8583: null, meaning: "The customer's own request" },
} as const;

export type Reason = keyof typeof REASON_CODES;

/** The standard code for a reason; anything else is taken as the customer's own request. */
export function reasonCode(reason: string | null | undefined): string {
  return (REASON_CODES[reason as Reason] ?? REASON_CODES['customer-request']).code;
}
