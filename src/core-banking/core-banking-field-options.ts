import { Injectable, Logger } from '@nestjs/common';
import { type BankOptionSource, FieldOptions } from '../incidents/field-options.js';
import type { FieldChoice } from '../playbooks/catalog/field-rules.js';
import { CoreBankingPort } from './core-banking.port.js';

/** Branches change rarely: asked at most this often, so a step view costs no call. */
const KEPT_MS = 5 * 60_000;
const ADDRESS_KEPT_MS = 60_000;
const MAX_ADDRESSES_KEPT = 10_000;
/** After core banking failed to answer, the forms take typed text for this long before asking again. */
const RETRY_MS = 30_000;

/** The branches core banking lists, for the pick-up of a new card. */
@Injectable()
export class CoreBankingFieldOptions extends FieldOptions {
  private readonly logger = new Logger('FieldOptions');
  private branches: { choices: FieldChoice[] | null; until: number } | null = null;
  private asking: Promise<FieldChoice[] | null> | null = null;
  private readonly addresses = new Map<string, { address: string | null; until: number }>();

  constructor(private readonly coreBanking: CoreBankingPort) {
    super();
  }

  async choices(source: BankOptionSource): Promise<FieldChoice[] | null> {
    if (source !== 'branches') return null;
    if (this.branches && this.branches.until > Date.now()) return this.branches.choices;
    this.asking ??= this.ask().finally(() => (this.asking = null));
    return this.asking;
  }

  /** Kept a minute: a step shown again (every live update) costs no call; a failure is only a missing detail. */
  async addressOnFile(customerRef: string): Promise<string | null> {
    const kept = this.addresses.get(customerRef);
    if (kept && kept.until > Date.now()) return kept.address;
    if (this.addresses.size >= MAX_ADDRESSES_KEPT) this.addresses.clear();
    let address: string | null = null;
    try {
      address = await this.coreBanking.addressOnFile(customerRef);
    } catch (error) {
      this.logger.warn(`Core banking did not give the address on file: ${(error as Error).message}`);
    }
    this.addresses.set(customerRef, { address, until: Date.now() + ADDRESS_KEPT_MS });
    return address;
  }

  private async ask(): Promise<FieldChoice[] | null> {
    try {
      const choices = (await this.coreBanking.listBranches()).map((b) => ({ value: b.branchId, label: `${b.name}, ${b.city}` }));
      this.branches = { choices, until: Date.now() + KEPT_MS };
    } catch (error) {
      this.logger.warn(`Core banking did not list its branches: ${(error as Error).message}`);
      this.branches = { choices: null, until: Date.now() + RETRY_MS };
    }
    return this.branches.choices;
  }
}
