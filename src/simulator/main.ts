import { existsSync } from 'node:fs';
import { startSimulator } from './simulator.server.js';

// The same local .env as the service, for SIMULATOR_* settings.
if (existsSync('.env')) process.loadEnvFile('.env');

/** Standalone core-banking simulator for the demo and local runs: `npm run simulator`. */
const simulator = await startSimulator({
  port: numberFromEnv('SIMULATOR_PORT') ?? 4010,
  // In a container the simulator must listen on 0.0.0.0 to be reachable from the service.
  host: process.env.SIMULATOR_HOST || undefined,
  faults: {
    latencyMs: numberFromEnv('SIMULATOR_LATENCY_MS'),
    errorRate: numberFromEnv('SIMULATOR_ERROR_RATE'),
    timeoutRate: numberFromEnv('SIMULATOR_TIMEOUT_RATE'),
  },
}).catch((error: Error) => {
  console.error(`Core-banking simulator did not start: ${error.message}`);
  process.exit(1);
});
console.log(`Core-banking simulator listening on ${simulator.url}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    console.error(`${name} must be a number, got "${raw}"`);
    process.exit(1);
  }
  return value;
}
