import type { Request } from 'express';
import type { Role } from './principal.js';

/** Callers without a token: only what a load balancer needs. */
export const ANYONE = 'anyone';

export type Callers = readonly Role[] | typeof ANYONE;

/**
 * Who may call each route, by method and path pattern: the one place access is decided. A route that
 * is missing here is closed to everyone, and a test fails until it gets its line.
 */
export const ACCESS_MATRIX: Readonly<Record<string, Callers>> = {
  'GET /health': ANYONE,
  'GET /health/live': ANYONE,
  'GET /health/ready': ANYONE,
  // Prometheus: open, or METRICS_TOKEN checked by the metrics controller itself (it is not a user's token).
  'GET /metrics': ANYONE,
  // The console asks how to sign in before it has a token; the dev route exists only with CONSOLE_DEV_SIGNIN=true.
  'GET /v1/console/config': ANYONE,
  'POST /v1/console/dev-token': ANYONE,
  'POST /v1/incidents': ['operator', 'supervisor', 'system'],
  // A merchant breach is opened by a fraud engine or the risk team's supervisor, never from a single call.
  'POST /v1/incidents/mass-compromise': ['supervisor', 'system'],
  // The start form shows the customer's cards before an incident exists.
  'GET /v1/customers/:customerRef/cards': ['operator', 'supervisor'],
  'GET /v1/incidents': ['operator', 'supervisor', 'risk', 'system'],
  'GET /v1/incidents/stream': ['operator', 'supervisor', 'risk'],
  'GET /v1/incidents/:id': ['operator', 'supervisor', 'risk', 'system'],
  'GET /v1/incidents/:id/stream': ['operator', 'supervisor', 'risk', 'system'],
  'POST /v1/incidents/:id/assign': ['operator', 'supervisor'],
  'POST /v1/incidents/:id/events': ['operator', 'supervisor', 'system'],
  'POST /v1/incidents/:id/switch': ['operator', 'supervisor'],
  'POST /v1/incidents/:id/effects/:effectId/retry': ['supervisor'],
  'GET /v1/playbooks': ['operator', 'supervisor', 'risk', 'system'],
  'GET /v1/playbooks/:id': ['operator', 'supervisor', 'risk', 'system'],
  'GET /v1/playbooks/:id/diagram': ['operator', 'supervisor', 'risk', 'system'],
  'POST /v1/playbooks/:id/simulate': ['operator', 'supervisor', 'risk', 'system'],
  'GET /v1/audit/card-actions': ['risk', 'supervisor'],
  'GET /v1/audit/verify': ['risk', 'supervisor'],
  'GET /v1/audit/disputes': ['risk', 'supervisor'],
  'GET /v1/audit/incidents/:id/case-file': ['risk'],
  'POST /v1/incidents/:id/feedback': ['operator', 'system'],
  'GET /v1/alerts': ['supervisor'],
  'POST /v1/alerts/:id/ack': ['supervisor'],
  'GET /v1/supervision/overview': ['supervisor'],
  // Bull Board, read-only (writes are refused before the guards, see queue-board.gate.ts); a browser gets in with a session cookie.
  'POST /v1/queues/session': ['supervisor'],
  'GET /v1/queues/board{/*path}': ['supervisor'],
};

/** The callers of the route a request matched; nobody for a route the matrix does not list. */
export function callersOf(request: Request): Callers {
  // HEAD is served by the GET route, so it has the GET route's callers.
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const path: unknown = request.route?.path;
  return (typeof path === 'string' && ACCESS_MATRIX[`${method} ${path}`]) || [];
}
