import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
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
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false });
  configureHttp(app);
  app.enableShutdownHooks();
  if (config.ROLE === 'worker') {
    await app.init();
    Logger.log('Lifeline worker running', 'Bootstrap');
    return;
  }
  await app.listen(config.PORT);
  Logger.log(`Lifeline ${config.ROLE === 'all' ? 'API and workers' : 'API'} listening on port ${config.PORT}`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
