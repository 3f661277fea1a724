import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { redactCardNumbers, redactCardNumbersIn } from './card-number.js';
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
    if (body.details?.retryAfterSeconds) response.setHeader('Retry-After', String(body.details.retryAfterSeconds));
    // JSON even when the handler had already set another type (an SVG, a CSV) before failing.
    response.status(status).type('application/json').json(body);
  }
}

/** The HTTP answer for any error; also what an idempotency key remembers for a failed request. */
export function errorAnswer(exception: unknown): { status: number; body: ErrorBody } {
  // Messages and details may quote what the caller sent (a ref, a path, a field name): a card number typed there is masked.
  if (exception instanceof LifelineError) {
    return { status: exception.status, body: { error: exception.code, message: redactCardNumbers(exception.message), details: redactCardNumbersIn(exception.details) } };
  }
  // Body-parser errors (malformed JSON, too large) come plain or wrapped by Nest, in words that quote the body: never echo them.
  const parser = bodyParserError(exception instanceof HttpException ? exception.cause : exception);
  if (parser) {
    const error = CODE_BY_STATUS[parser.status] ?? 'bad_request';
    const message = parser.status === 413 ? 'Request body is too large' : parser.type === 'entity.parse.failed' ? 'Request body is not valid JSON' : 'Request body could not be read';
    return { status: parser.status, body: { error, message } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const error = CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
    return { status, body: { error, message: redactCardNumbers(httpMessage(exception)) } };
  }
  return { status: 500, body: { error: 'internal_error', message: 'Something went wrong on our side; nothing was changed' } };
}

/** body-parser's own errors carry a 4xx `status` and a `type` such as `entity.parse.failed`. */
function bodyParserError(error: unknown): { status: number; type: string } | null {
  const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && typeof type === 'string' ? { status, type } : null;
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
}
