import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { RedactingLogger } from './common/redacting.logger.js';
import { AppConfig, ConfigError, loadConfig } from './config/app-config.js';
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

async function bootstrap(): Promise<void> {
  const config = configOrExit();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, logger: new RedactingLogger() });
  configureHttp(app);
  stopGracefully(app, config);
  if (config.ROLE === 'worker') {
    await app.init();
    Logger.log('Lifeline worker running', 'Bootstrap');
    return;
  }
  await app.listen(config.PORT);
  Logger.log(`Lifeline ${config.ROLE === 'all' ? 'API and workers' : 'API'} listening on port ${config.PORT}`, 'Bootstrap');
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
