import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { containsCardNumber, redactCardNumbers } from './card-number.js';
import { LifelineError } from './lifeline.error.js';

/** Keys that would reach an object's prototype if anything ever merged them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** A NUL (PostgreSQL text cannot hold it) or half of a surrogate pair (no UTF-8 for it). */
const NOT_ENCODABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * The headers Lifeline keeps or passes on (the idempotency key; the client address behind a proxy). The token
 * is checked by the auth guard. Other headers are never stored or logged, so a gateway's numeric request id
 * can never be refused for happening to pass the Luhn check.
 */
const READ_HEADERS = ['idempotency-key', 'x-forwarded-for', 'forwarded'];
/** Free text in the customer's own words: a card number there is masked where it is stored, not refused. */
const MASKED_TEXT: Record<string, string[]> = { 'POST /v1/incidents/:id/feedback': ['body.comment'] };
/** Enough to fix a request by; a hostile one with 100,000 bad fields gets a short answer. */
const MAX_PROBLEMS = 20;

interface Problem {
  field: string;
  problems: string[];
}

/**
 * Every input of every route, before anything reads it: the body, the query string, the path and the
 * headers it reads. A full card number (in any form), text PostgreSQL cannot store, or a prototype key is bad input:
 * 400 naming the field, never quoting the value, and nothing is changed.
 */
@Injectable()
export class InputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const problems = inputProblems(request);
    if (problems.length > 0) {
      throw new LifelineError('bad_request', `Invalid request: ${problems.map((p) => `${p.field} ${p.problems.join(', ')}`).join('; ')}`, { fields: problems });
    }
    return true;
  }
}

export function inputProblems(request: Pick<Request, 'body' | 'query' | 'params' | 'headers' | 'method'> & { route?: { path?: unknown } }): Problem[] {
  const masked = new Set(MASKED_TEXT[`${request.method} ${String(request.route?.path)}`] ?? []);
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => READ_HEADERS.includes(name)));
  const problems: Problem[] = [];
  for (const [source, value] of [['body', request.body], ['query', request.query], ['path', request.params], ['header', headers]] as const) {
    walk(source, value, masked, problems);
  }
  return problems;
}

/** With its own stack, so a deeply nested body cannot overflow it. */
function walk(root: string, value: unknown, masked: Set<string>, problems: Problem[]): void {
  const pending: [string, unknown][] = [[root, value]];
  for (let next = pending.pop(); next && problems.length < MAX_PROBLEMS; next = pending.pop()) {
    const [field, current] = next;
    if (typeof current === 'string') {
      const problem = textProblem(current, masked.has(field));
      if (problem) problems.push({ field, problems: [problem] });
    } else if (current !== null && typeof current === 'object') {
      for (const [key, inner] of Object.entries(current)) {
        const name = Array.isArray(current) ? `${field}[${key}]` : `${field}.${safeName(key)}`;
        const keyProblem = PROTOTYPE_KEYS.has(key) ? 'is a reserved name and never accepted as a key' : textProblem(key, false);
        if (keyProblem) problems.push({ field: name, problems: [keyProblem] });
        else pending.push([name, inner]);
      }
    }
  }
}

function textProblem(text: string, masked: boolean): string | null {
  if (NOT_ENCODABLE.test(text)) return 'holds characters that cannot be stored (a NUL or half of a surrogate pair)';
  if (!masked && containsCardNumber(text)) return 'looks like a full card number, which is never accepted';
  return null;
}

/** A field is named in the answer; a key is the caller's text, so it is named only once it is safe to echo. */
function safeName(key: string): string {
  return NOT_ENCODABLE.test(key) ? '[unreadable]' : redactCardNumbers(key).slice(0, 64);
}
