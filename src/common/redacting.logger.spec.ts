import { Logger } from '@nestjs/common';
import { RedactingLogger } from './redacting.logger.js';
import { withRequestId } from './request-context.js';

const PAN = '4111111111111111';

/** Everything the logger writes to stdout and stderr while `log` runs. */
function output(log: () => void): string {
  const written: string[] = [];
  const { stdout, stderr } = process;
  const [out, err] = [stdout.write, stderr.write];
  stdout.write = stderr.write = ((chunk: string | Uint8Array) => written.push(chunk.toString()) > 0) as typeof stdout.write;
  try {
    log();
  } finally {
    [stdout.write, stderr.write] = [out, err];
  }
  return written.join('');
}

describe('RedactingLogger', () => {
  const logger = new RedactingLogger();

  it.each([
    ['log', () => logger.log(`Could not list cards of ${PAN}`, 'IncidentsService')],
    ['warn', () => logger.warn(`core banking refused POST /v1/cards/4111 1111 1111 1111/block`)],
    ['debug', () => logger.debug({ cardRef: PAN, nested: [`pan ${PAN}`] })],
    ['error with a stack', () => logger.error(`boom ${PAN}`, new Error(`at card 4111-1111-1111-1111`).stack, 'HttpError')],
    ['extra parameters', () => logger.log('request', { idempotencyKey: `key-${PAN}` })],
  ])('masks a card number in %s', (_, log) => {
    const text = output(log);
    expect(text).toContain('[redacted]');
    expect(text.replace(/[ -]/g, '')).not.toContain('41111111');
  });

  it('leaves ids, times and short numbers readable, with no colour codes around them', () => {
    const text = output(() => logger.warn('Effect 0c5b39f4-4e0a-4f1c-9d2b-7f1a6e0b8c21 (blockCard) given up after 5 attempt(s) at 2025-03-01T10:00:00.000Z'));
    expect(text).toContain('Effect 0c5b39f4-4e0a-4f1c-9d2b-7f1a6e0b8c21 (blockCard) given up after 5 attempt(s) at 2025-03-01T10:00:00.000Z');
    expect(text).not.toContain('\x1b[');
  });

  it('is what Nest\'s static Logger writes through once the app uses it', () => {
    Logger.overrideLogger(logger);
    try {
      expect(output(() => new Logger('CoreBanking').warn(`refused ${PAN}`))).not.toContain(PAN);
    } finally {
      Logger.overrideLogger(true);
    }
  });

  describe('as JSON (LOG_FORMAT=json)', () => {
    const json = new RedactingLogger({ json: true });

    it('writes one object a line with the request id of the work it belongs to, card numbers masked', () => {
      const text = withRequestId('req-42', () => output(() => json.warn(`core banking refused card ${PAN}`, 'EffectRunner')));
      const line = JSON.parse(text.trim()) as Record<string, unknown>;
      expect(line).toMatchObject({ level: 'warn', context: 'EffectRunner', requestId: 'req-42', message: 'core banking refused card [redacted]' });
      expect(new Date(line.timestamp as string).toISOString()).toBe(line.timestamp);
      expect(text).not.toContain('41111111');
    });

    it('leaves the request id out where there is none (boot, timers)', () => {
      const line = JSON.parse(output(() => json.log('Lifeline API listening on port 3000', 'Bootstrap')).trim()) as Record<string, unknown>;
      expect(line).toMatchObject({ level: 'log', context: 'Bootstrap', message: 'Lifeline API listening on port 3000' });
      expect(line).not.toHaveProperty('requestId');
    });
  });

  it('puts the request id in plain-text lines too', () => {
    expect(withRequestId('req-7', () => output(() => logger.log('opened', 'IncidentsService')))).toContain('[IncidentsService] [req-7] opened');
  });
});
