import { ConsoleLogger, ConsoleLoggerOptions, LogLevel } from '@nestjs/common';
import { redactCardNumbers } from './card-number.js';
import { currentRequestId } from './request-context.js';

/**
 * Nest's console logger with every card-shaped number masked, in messages, their parameters and stack
 * traces, and the request id on every line. Plain text or one JSON object a line (`json: true`); no
 * colours: an escape code glued to a number would hide it from the mask.
 */
export class RedactingLogger extends ConsoleLogger {
  constructor(options: Omit<ConsoleLoggerOptions, 'colors'> = {}) {
    super({ ...options, colors: false });
  }

  protected override formatMessage(
    logLevel: LogLevel,
    message: unknown,
    pidMessage: string,
    formattedLogLevel: string,
    contextMessage: string,
    timestampDiff: string,
    params?: Record<string, unknown>,
  ): string {
    const requestId = currentRequestId();
    const line = super.formatMessage(logLevel, message, pidMessage, formattedLogLevel, contextMessage, timestampDiff, params);
    return redactCardNumbers(requestId ? line.replace(contextMessage, `${contextMessage}[${requestId}] `) : line);
  }

  /** The timestamp as ISO text: Nest's 13-digit epoch milliseconds can look like a card number to the mask. */
  protected override stringifyJsonLogObject({ timestamp, ...fields }: Record<string, unknown>): string {
    const requestId = currentRequestId();
    const time = new Date(timestamp as number).toISOString();
    return redactCardNumbers(super.stringifyJsonLogObject({ timestamp: time, ...fields, ...(requestId ? { requestId } : {}) }));
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(stack && redactCardNumbers(stack));
  }
}
