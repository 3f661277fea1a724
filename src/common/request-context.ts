import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The id that ties together one request's (or one job's) log lines, jobs and core-banking calls. */
const requestIds = new AsyncLocalStorage<string>();

/** A caller's own X-Request-Id is kept when it is a plain token; anything else gets a fresh one. */
const ACCEPTABLE_ID = /^[\w.:@-]{1,128}$/;

export function acceptedRequestId(given: unknown): string {
  return typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : randomUUID();
}

export function withRequestId<T>(requestId: string, work: () => T): T {
  return requestIds.run(requestId, work);
}

export function currentRequestId(): string | undefined {
  return requestIds.getStore();
}
