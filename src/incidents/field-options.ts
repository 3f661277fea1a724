import type { FieldChoice } from '../playbooks/catalog/field-rules.js';

/** Where a field's options come from when they are the bank's facts rather than the incident's: the branches that hand out cards. */
export type BankOptionSource = 'branches';

/**
 * The bank's lists a form offers (core banking, provided by its module), so the lifecycle never imports the
 * bank's port. Null when the bank does not answer: the field then takes what the operator types.
 */
export abstract class FieldOptions {
  abstract choices(source: BankOptionSource): Promise<FieldChoice[] | null>;
  /** The customer's address on file; null when the bank has none or does not answer. */
  abstract addressOnFile(customerRef: string): Promise<string | null>;
}
