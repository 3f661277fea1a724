import type { NestExpressApplication } from '@nestjs/platform-express';

/** HTTP settings shared by the service and the e2e tests, so tests exercise what runs. */
export function configureHttp(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: '256kb' });
  app.disable('x-powered-by');
}
