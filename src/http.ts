import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { AppConfig, trustProxySetting } from './config/app-config.js';
import { acceptedRequestId, withRequestId } from './common/request-context.js';
import { serveOpenApi } from './openapi/openapi.js';
import { serveConsole } from './console-serving.js';
import { MASS_COMPROMISE_PATH } from './mass-compromise/mass-compromise.controller.js';
import { QUEUE_BOARD_PATH, queueBoardGate } from './queue-dashboard/queue-board.gate.js';

/** A merchant breach's list of up to 100,000 cards is about 8 MB of JSON; only that route takes more than 256 kB. */
const isBreachList = (req: IncomingMessage) =>
  req.method === 'POST' && req.url?.split('?')[0].replace(/\/+$/, '') === MASS_COMPROMISE_PATH && /^application\/json\b/i.test(req.headers['content-type'] ?? '');

/** HTTP settings shared by the service and the e2e tests, so tests exercise what runs. */
export function configureHttp(app: NestExpressApplication): void {
  // First, so every answer carries the security headers, a refused body's 413 included; it also drops X-Powered-By.
  app.use(helmet());
  // Every answer names its request id, and everything the request logs, enqueues or asks core banking carries it.
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const requestId = acceptedRequestId(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);
    withRequestId(requestId, next);
  });
  app.useBodyParser('json', { limit: '16mb', type: isBreachList });
  app.useBodyParser('json', { limit: '256kb' });
  // Behind a balancer, request.ip (the audit origin) comes from X-Forwarded-For only through trusted hops.
  app.set('trust proxy', trustProxySetting(app.get(AppConfig).TRUST_PROXY));
  app.use(QUEUE_BOARD_PATH, queueBoardGate);
  serveOpenApi(app);
  serveConsole(app);
}
