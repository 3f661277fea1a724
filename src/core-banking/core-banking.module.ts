import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import { RunningSimulator, startSimulator } from '../simulator/simulator.server.js';
import { CoreBankingPort } from './core-banking.port.js';
import { HttpCoreBankingAdapter } from './http-core-banking.adapter.js';

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
      inject: [AppConfig, EMBEDDED_SIMULATOR, Metrics],
      useFactory: (config: AppConfig, simulator: RunningSimulator | null, metrics: Metrics) =>
        new HttpCoreBankingAdapter(config.CORE_BANKING_URL ?? simulator!.url, { timeoutMs: config.CORE_BANKING_TIMEOUT_MS, observe: metrics.coreBankingCall }),
    },
    EmbeddedSimulatorLifecycle,
  ],
  exports: [CoreBankingPort],
})
export class CoreBankingModule {}
