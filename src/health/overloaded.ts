import type { ServerResponse } from 'node:http';
import { errorAnswer } from '../common/http-error.filter.js';
import { LifelineError } from '../common/lifeline.error.js';

/** The 503 a process at capacity answers with, before any work is done for the request (a read shed, a step turned away). */
export function answerOverloaded(res: ServerResponse, message: string, retryAfterSeconds: number): void {
  const { status, body } = errorAnswer(new LifelineError('overloaded', message, { retryAfterSeconds }));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'retry-after': String(retryAfterSeconds) }).end(JSON.stringify(body));
}
