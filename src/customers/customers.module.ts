import { Module } from '@nestjs/common';
import { CustomerCards } from './customer-cards.js';
import { CustomersController } from './customers.controller.js';

/** Reads from core banking for the console's start form (a feature on top of the core-banking port). */
@Module({
  providers: [CustomerCards],
  controllers: [CustomersController],
})
export class CustomersModule {}
