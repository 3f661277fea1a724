import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_AUDIT_KEYS, TEST_DATABASE_URL, TEST_JWT_SECRET, TEST_REDIS_URL } from './test-env.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A real Lifeline process (API or worker), as it runs in production, started from the sources. */
export class ServiceProcess {
  private output = '';
  private exited?: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static async start(env: Record<string, string>, ready = /listening on port|worker running/): Promise<ServiceProcess> {
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        JWT_SECRET: TEST_JWT_SECRET,
        ...TEST_AUDIT_KEYS,
        NO_COLOR: '1',
        // Several workers run at once in a test: each probes on a free port.
        WORKER_HEALTH_PORT: '0',
        // Callbacks may be asked for at any hour the test runs (the contact-hours rule has its own spec).
        CONTACT_HOURS: '00:00-24:00',
        // A process that compiles its TypeScript as it boots lags at first; read shedding has its own spec.
        SHED_READS_AT_LOOP_DELAY_MS: '0',
        SHED_READS_AT_POOL_WAITING: '0',
        // Chaos specs race steps on purpose; taking turns has its own spec (step-admission).
        STEP_CONCURRENCY: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(child);
    await service.waitFor(ready, 60_000);
    return service;
  }

  get log(): string {
    return this.output;
  }

  async waitFor(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (this.child.exitCode !== null) throw new Error(`Process exited (${this.child.exitCode}) before ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${pattern}:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends a signal and resolves with the exit code (null when killed by the signal). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    const result = await Promise.race([this.exited!, timer]);
    if (result === 'timeout') {
      this.child.kill('SIGKILL');
      throw new Error(`Process did not exit within ${timeoutMs} ms of ${signal}:\n${this.output}`);
    }
    return result;
  }
}

/** A free TCP port for an API process. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
