import { ConsoleLogger, ConsoleLoggerOptions, LogLevel } from '@nestjs/common';
import { redactCardNumbers } from './card-number.js';

/**
 * Nest's console logger with every card-shaped number masked, in messages, their parameters and stack
 * traces. Plain text, no colours: an escape code glued to a number would hide it from the mask.
 */
export class RedactingLogger extends ConsoleLogger {
  constructor(options: Omit<ConsoleLoggerOptions, 'colors' | 'json'> = {}) {
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
    return redactCardNumbers(super.formatMessage(logLevel, message, pidMessage, formattedLogLevel, contextMessage, timestampDiff, params));
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(stack && redactCardNumbers(stack));
  }
}
