import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ERROR_STATUS, ErrorCode, LifelineError } from './lifeline.error.js';

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

const CODE_BY_STATUS = Object.fromEntries(
  Object.entries(ERROR_STATUS).map(([code, status]) => [status, code]).reverse(),
) as Record<number, ErrorCode>;

/** The one place errors become HTTP answers: `{ error, message, details? }`, never a stack trace. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = errorAnswer(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (status === 429 && body.details?.retryAfterSeconds) response.setHeader('Retry-After', String(body.details.retryAfterSeconds));
    response.status(status).json(body);
  }
}

/** The HTTP answer for any error; also what an idempotency key remembers for a failed request. */
export function errorAnswer(exception: unknown): { status: number; body: ErrorBody } {
  if (exception instanceof LifelineError) {
    return { status: exception.status, body: { error: exception.code, message: exception.message, details: exception.details } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const error = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
    return { status, body: { error, message: httpMessage(exception) } };
  }
  // Body-parser errors (malformed JSON, too large) arrive as plain errors with a status.
  const status = (exception as { status?: number })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const error = CODE_BY_STATUS[status] ?? 'bad_request';
    const message = status === 413 ? 'Request body is too large' : 'Request body is not valid JSON';
    return { status, body: { error, message } };
  }
  return { status: 500, body: { error: 'internal_error', message: 'Something went wrong on our side; nothing was changed' } };
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
}
