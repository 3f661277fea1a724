import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { RunningSimulator, startSimulator } from '../simulator/simulator.server.js';
import { BlockCardHandler } from './block-card.handler.js';
import { CoreBankingPort } from './core-banking.port.js';
import { HttpCoreBankingAdapter } from './http-core-banking.adapter.js';
import { LoadTransactionsHandler } from './load-transactions.handler.js';
import { RevokeAppSessionsHandler } from './revoke-app-sessions.handler.js';
import { RevokeWalletTokensHandler } from './revoke-wallet-tokens.handler.js';
import { ScheduleReissueHandler } from './schedule-reissue.handler.js';
import { UnblockCardHandler } from './unblock-card.handler.js';

const EMBEDDED_SIMULATOR = Symbol('EMBEDDED_SIMULATOR');

/** Stops the embedded simulator with the service. */
@Injectable()
class EmbeddedSimulatorLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EMBEDDED_SIMULATOR) private readonly simulator: RunningSimulator | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.simulator?.close();
  }
}

/**
 * Core banking over HTTP. With no CORE_BANKING_URL the service starts the simulator itself
 * (the embedded default for demos and development) and says so.
 */
@Global()
@Module({
  providers: [
    {
      provide: EMBEDDED_SIMULATOR,
      inject: [AppConfig],
      useFactory: async (config: AppConfig): Promise<RunningSimulator | null> => {
        if (config.CORE_BANKING_URL) return null;
        const simulator = await startSimulator({ port: config.SIMULATOR_PORT });
        new Logger('CoreBanking').warn(`CORE_BANKING_URL is not set: using the embedded core-banking simulator at ${simulator.url}`);
        return simulator;
      },
    },
    {
      provide: CoreBankingPort,
      inject: [AppConfig, EMBEDDED_SIMULATOR],
      useFactory: (config: AppConfig, simulator: RunningSimulator | null) =>
        new HttpCoreBankingAdapter(config.CORE_BANKING_URL ?? simulator!.url, { timeoutMs: config.CORE_BANKING_TIMEOUT_MS }),
    },
    EmbeddedSimulatorLifecycle,
    BlockCardHandler,
    UnblockCardHandler,
    RevokeAppSessionsHandler,
    RevokeWalletTokensHandler,
    ScheduleReissueHandler,
    LoadTransactionsHandler,
  ],
  exports: [CoreBankingPort],
})
export class CoreBankingModule {}
