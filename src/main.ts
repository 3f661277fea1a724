import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { RedactingLogger } from './common/redacting.logger.js';
import { AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { pingPostgresServer, pingRedis, waitUntilReachable } from './config/reachable.js';
import { configureHttp } from './http.js';

function configOrExit(): AppConfig {
  // A local .env is a convenience for development; real deployments set the environment.
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${error.message}\nSee .env.example for every variable.`);
    process.exit(1);
  }
}

/** One line per failed try, then one line and exit 1: never a stream of driver stack traces. */
async function dependenciesOrExit(config: AppConfig): Promise<void> {
  const retries = { attempts: config.BOOT_CONNECT_ATTEMPTS, delayMs: config.BOOT_CONNECT_DELAY_MS, say: (line: string) => console.error(line) };
  try {
    await waitUntilReachable('DATABASE_URL', config.DATABASE_URL, pingPostgresServer, retries);
    await waitUntilReachable('REDIS_URL', config.REDIS_URL, pingRedis, retries);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

async function bootstrap(): Promise<void> {
  const config = configOrExit();
  await dependenciesOrExit(config);
  const logger = new RedactingLogger({ json: config.LOG_FORMAT === 'json' });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, logger });
  configureHttp(app);
  stopGracefully(app, config);
  if (config.ROLE === 'worker') {
    // A worker serves its probes and metrics, and nothing else, on a port of its own.
    app.use(onlyProbes);
    await app.listen(config.WORKER_HEALTH_PORT);
    Logger.log(`Lifeline worker running; probes and metrics on port ${(app.getHttpServer().address() as AddressInfo).port}`, 'Bootstrap');
    return;
  }
  await app.listen(config.PORT);
  Logger.log(`Lifeline ${config.ROLE === 'all' ? 'API and workers' : 'API'} listening on port ${config.PORT}`, 'Bootstrap');
}

const PROBES = /^\/(health(\/live|\/ready)?|metrics)\/?(\?|$)/;

function onlyProbes(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (PROBES.test(req.url ?? '')) return next();
  res.statusCode = 404;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ error: 'not_found', message: 'A worker serves only /health, /health/live, /health/ready and /metrics' }));
}

/**
 * SIGTERM/SIGINT: stop taking requests, let in-flight requests and running jobs finish (bounded),
 * then close connections. Whatever is left unfinished is in Postgres and resumes on restart.
 */
function stopGracefully(app: NestExpressApplication, config: AppConfig): void {
  const logger = new Logger('Shutdown');
  const stop = async (signal: string) => {
    logger.log(`${signal}: no new requests; finishing running work (up to ${config.SHUTDOWN_TIMEOUT_MS} ms)`);
    setTimeout(() => {
      logger.error('Running work did not finish in time; exiting. Unfinished effects resume on restart.');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS).unref();
    const server = app.getHttpServer();
    if (server.listening) await new Promise((resolve) => server.close(resolve));
    await app.close();
    logger.log('Stopped cleanly');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
