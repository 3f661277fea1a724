import { Injectable, Logger } from '@nestjs/common';
import { LifelineError } from '../common/lifeline.error.js';
import { CustomerCards } from '../incidents/customer-cards.js';
import { CoreBankingError, CoreBankingPort } from './core-banking.port.js';

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
      throw new LifelineError('service_unavailable', "Core banking did not answer with the customer's cards; pass `cards` explicitly or try again");
    }
  }
}
