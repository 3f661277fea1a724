import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorAnswer } from '../common/http-error.filter.js';
import { LifelineError } from '../common/lifeline.error.js';

/** Where Bull Board is served; its session cookie is sent to this path only. */
export const QUEUE_BOARD_PATH = '/v1/queues/board';
export const QUEUE_BOARD_COOKIE = 'lifeline_queue_board';

/**
 * In front of the dashboard, before the guards: it only reads. Any other method is refused here, so
 * Bull Board's retry, clean and remove never run (they would bypass the outbox and the audit trail).
 * A browser has no Bearer header: the session cookie's token stands in for it, and the guards check it as any token.
 */
export function queueBoardGate(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const { status, body } = errorAnswer(
      new LifelineError('method_not_allowed', 'The queue dashboard is read-only: jobs are retried through their incident, so the outbox and the audit trail see it', {
        allowed: ['GET', 'HEAD'],
      }),
    );
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', allow: 'GET, HEAD' }).end(JSON.stringify(body));
    return;
  }
  const session = new RegExp(`(?:^|;\\s*)${QUEUE_BOARD_COOKIE}=([^;]+)`).exec(req.headers.cookie ?? '')?.[1];
  if (session && !req.headers.authorization) req.headers.authorization = `Bearer ${session}`;
  next();
}
