import { Injectable, Logger } from '@nestjs/common';
import { LifelineError } from '../common/lifeline.error.js';
import { CUSTOMER_REF, CUSTOMER_REF_MESSAGE } from '../common/is-card-ref.validator.js';
import { CoreBankingError, CoreBankingPort, type CoreCard } from '../core-banking/core-banking.port.js';

/** A customer's cards as core banking knows them now, so the operator sees them before opening an incident. */
@Injectable()
export class CustomerCards {
  private readonly logger = new Logger(CustomerCards.name);

  constructor(private readonly coreBanking: CoreBankingPort) {}

  async list(customerRef: string): Promise<{ cards: CoreCard[] }> {
    if (!CUSTOMER_REF.test(customerRef)) {
      throw new LifelineError('bad_request', `customerRef ${CUSTOMER_REF_MESSAGE}`, { field: 'customerRef' });
    }
    try {
      const cards = await this.coreBanking.listCards(customerRef);
      return { cards: cards.map(({ cardRef, last4, product, status }) => ({ cardRef, last4, product, status })) };
    } catch (error) {
      if (error instanceof CoreBankingError && error.kind === 'not_found') {
        throw new LifelineError('not_found', `Core banking does not know customer ${customerRef}`);
      }
      this.logger.warn(`Could not list cards of ${customerRef}: ${(error as Error).message}`);
      throw new LifelineError('service_unavailable', "Core banking did not answer with the customer's cards; try again in a moment");
    }
  }
}
