import { Controller, Get, Param } from '@nestjs/common';
import type { CoreCard } from '../core-banking/core-banking.port.js';
import { CustomerCards } from './customer-cards.js';

@Controller('v1/customers')
export class CustomersController {
  constructor(private readonly cards: CustomerCards) {}

  @Get(':customerRef/cards')
  list(@Param('customerRef') customerRef: string): Promise<{ cards: CoreCard[] }> {
    return this.cards.list(customerRef);
  }
}
