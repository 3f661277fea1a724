import { Inject, Injectable, Logger, OnApplicationShutdown, type Provider } from '@nestjs/common';
import { AppConfig } from './config/app-config.js';
import { CoreBankingAddress } from './core-banking/core-banking.module.js';
import { type RunningSimulator, startSimulator } from './simulator/simulator.server.js';

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
 * Where core banking answers. With no CORE_BANKING_URL the service starts the simulator itself (the
 * embedded default for demos and development) and says so. Wired here, at the composition root, so
 * no production module imports the simulator.
 */
export const coreBankingAddress: Provider[] = [
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
    provide: CoreBankingAddress,
    inject: [AppConfig, EMBEDDED_SIMULATOR],
    useFactory: (config: AppConfig, simulator: RunningSimulator | null): CoreBankingAddress => ({ url: config.CORE_BANKING_URL ?? simulator!.url }),
  },
  EmbeddedSimulatorLifecycle,
];
