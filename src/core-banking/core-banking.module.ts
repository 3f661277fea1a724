import { DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { CustomerCards } from '../incidents/customer-cards.js';
import { FieldOptions } from '../incidents/field-options.js';
import { CoreBankingFieldOptions } from './core-banking-field-options.js';
import { Metrics } from '../metrics/metrics.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { BlockCardHandler } from './block-card.handler.js';
import { CoreBankingCustomerCards } from './core-banking-customer-cards.js';
import { CoreBankingPort } from './core-banking.port.js';
import { HttpCoreBankingAdapter } from './http-core-banking.adapter.js';
import { LoadTransactionsHandler } from './load-transactions.handler.js';
import { OrderEmergencyCashHandler } from './order-emergency-cash.handler.js';
import { ReconcileCardsHandler } from './reconcile-cards.handler.js';
import { RevokeAppSessionsHandler } from './revoke-app-sessions.handler.js';
import { RevokeWalletTokensHandler } from './revoke-wallet-tokens.handler.js';
import { ScheduleReissueHandler } from './schedule-reissue.handler.js';
import { UnblockCardHandler } from './unblock-card.handler.js';

/** Where core banking answers; the composition root decides (a real URL, or the embedded simulator). */
export abstract class CoreBankingAddress {
  abstract readonly url: string;
}

/** Core banking over HTTP, and the handlers of the effects it carries out. */
@Global()
@Module({})
export class CoreBankingModule {
  static forRoot(address: Provider[]): DynamicModule {
    return {
      module: CoreBankingModule,
      imports: [NotificationsModule],
      providers: [
        ...address,
        {
          provide: CoreBankingPort,
          inject: [AppConfig, CoreBankingAddress, Metrics],
          useFactory: (config: AppConfig, at: CoreBankingAddress, metrics: Metrics) =>
            new HttpCoreBankingAdapter(at.url, { timeoutMs: config.CORE_BANKING_TIMEOUT_MS, observe: metrics.coreBankingCall }),
        },
        { provide: CustomerCards, useClass: CoreBankingCustomerCards },
        { provide: FieldOptions, useClass: CoreBankingFieldOptions },
        BlockCardHandler,
        UnblockCardHandler,
        RevokeAppSessionsHandler,
        RevokeWalletTokensHandler,
        ScheduleReissueHandler,
        LoadTransactionsHandler,
        OrderEmergencyCashHandler,
        ReconcileCardsHandler,
      ],
      exports: [CoreBankingPort, CustomerCards, FieldOptions],
    };
  }
}
