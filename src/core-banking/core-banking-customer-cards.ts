import { Injectable, Logger } from '@nestjs/common';
import { LifelineError } from '../common/lifeline.error.js';
import { type CallerCard, type ConfirmedCards, CoreBankingUnavailable, CustomerCards } from '../incidents/customer-cards.js';
import { CoreBankingError, CoreBankingPort, type CoreCard } from './core-banking.port.js';

/** A customer's active cards, as core banking lists them. */
@Injectable()
export class CoreBankingCustomerCards extends CustomerCards {
  private readonly logger = new Logger('IncidentsService');

  constructor(private readonly coreBanking: CoreBankingPort) {
    super();
  }

  async activeCards(customerRef: string): Promise<{ cardRef: string; last4: string; product: string }[]> {
    try {
      const cards = await this.coreBanking.listCards(customerRef);
      return cards.filter((c) => c.status === 'active').map(({ cardRef, last4, product }) => ({ cardRef, last4, product }));
    } catch (error) {
      if (error instanceof CoreBankingError && error.kind === 'not_found') {
        throw new LifelineError('not_found', `Core banking does not know customer ${customerRef}`);
      }
      this.logger.warn(`Could not list cards of ${customerRef}: ${(error as Error).message}`);
      throw new CoreBankingUnavailable("Core banking did not answer with the customer's cards");
    }
  }

  async confirm(customerRef: string, named: CallerCard[]): Promise<ConfirmedCards | null> {
    try {
      const own = await this.listedCards(customerRef);
      const listed = new Map(own.map((c) => [c.cardRef, c]));
      const result: ConfirmedCards = { cards: [], last4Mismatches: [], otherCustomers: [], unresolved: [] };
      for (const card of named) {
        if (card.cardRef === undefined) {
          // Named by its last 4 only: the one card of the customer that ends so (and is not named already).
          const matching = own.filter((c) => c.last4 === card.last4 && !named.some((n) => n.cardRef === c.cardRef) && !result.cards.some((r) => r.cardRef === c.cardRef));
          if (matching.length === 1) result.cards.push({ cardRef: matching[0].cardRef, last4: matching[0].last4 });
          else result.unresolved.push({ last4: card.last4, matching: matching.length });
          continue;
        }
        const known = listed.get(card.cardRef);
        if (known) {
          if (known.last4 !== card.last4) result.last4Mismatches.push({ cardRef: card.cardRef, stated: card.last4, last4: known.last4 });
          result.cards.push({ cardRef: card.cardRef, last4: known.last4 });
          continue;
        }
        const holder = await this.holderOf(card.cardRef);
        if (holder && holder.customerRef !== customerRef) result.otherCustomers.push({ cardRef: card.cardRef, last4: card.last4 });
        // A card core banking does not know stays as named: its block fails and the operator is told.
        else result.cards.push({ cardRef: card.cardRef, last4: card.last4 });
      }
      return result;
    } catch (error) {
      if (!(error instanceof CoreBankingError) || !error.retryable) throw error;
      this.logger.warn(`Could not check the cards of ${customerRef}: ${error.message}`);
      return null;
    }
  }

  /** The customer's cards; none for a customer core banking does not know. */
  private async listedCards(customerRef: string): Promise<CoreCard[]> {
    try {
      return await this.coreBanking.listCards(customerRef);
    } catch (error) {
      if (error instanceof CoreBankingError && error.kind === 'not_found') return [];
      throw error;
    }
  }

  private async holderOf(cardRef: string): Promise<{ customerRef: string } | null> {
    try {
      return await this.coreBanking.cardHolder(cardRef);
    } catch (error) {
      if (error instanceof CoreBankingError && error.kind === 'not_found') return null;
      throw error;
    }
  }
}
