import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { TokenVerifier } from './auth/token-verifier.js';
import { ReadShedding } from './health/read-shedding.js';
import { StepAdmission } from './health/step-admission.js';
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
  const provider = identityProviderOrigins(app);
  app.use(helmet({ contentSecurityPolicy: { directives: { connectSrc: ["'self'", provider], formAction: ["'self'", provider] } } }));
  // Every answer names its request id, and everything the request logs, enqueues or asks core banking carries it.
  app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const requestId = acceptedRequestId(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);
    withRequestId(requestId, next);
  });
  // Under overload reads wait (503, Retry-After) before anything is spent on them; writes never do.
  app.use(app.get(ReadShedding).middleware);
  app.useBodyParser('json', { limit: '16mb', type: isBreachList });
  app.useBodyParser('json', { limit: '256kb' });
  // Operator steps take turns under load; the ones that block cards go first (the body says which they are).
  app.use(app.get(StepAdmission).middleware);
  // Behind a balancer, request.ip (the audit origin) comes from X-Forwarded-For only through trusted hops.
  app.set('trust proxy', trustProxySetting(app.get(AppConfig).TRUST_PROXY));
  app.use(QUEUE_BOARD_PATH, queueBoardGate);
  serveOpenApi(app);
  serveConsole(app);
}

/**
 * The console trades the sign-in code at the identity provider's token endpoint from the browser, so the
 * Content-Security-Policy lets it reach the provider: the issuer's origin, and the endpoints' origins once discovered.
 */
function identityProviderOrigins(app: NestExpressApplication): () => string {
  const { OIDC_ISSUER_URL } = app.get(AppConfig);
  const oidc = app.get(TokenVerifier).oidc;
  if (!OIDC_ISSUER_URL || !oidc) return () => "'self'";
  const origins = new Set([new URL(OIDC_ISSUER_URL).origin]);
  let discovered = false;
  const discover = () =>
    oidc.discovery().then(
      ({ token_endpoint, authorization_endpoint }) => {
        for (const url of [token_endpoint, authorization_endpoint]) origins.add(new URL(url).origin);
        discovered = true;
      },
      () => undefined, // the provider is down: the issuer's origin for now, asked again on the next answer
    );
  void discover();
  return () => {
    if (!discovered) void discover();
    return [...origins].join(' ');
  };
}
