import { Redis } from 'ioredis';
import pg from 'pg';

/** Postgres error code for "database does not exist": the server answered, and the service creates the database itself. */
const INVALID_CATALOG_NAME = '3D000';

const CONNECT_TIMEOUT_MS = 5000;

/** A connection URL as it may be printed: everything but its password. */
export function printableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(not a URL)';
  }
}

/** The one line an operator needs: which variable, which address, what the network said. */
export function unreachableLine(variable: string, url: string, error: unknown): string {
  return `${variable}=${printableUrl(url)} is unreachable: ${reasonOf(error)}`;
}

/** Node's AggregateError (IPv4 and IPv6 both refused) has no message of its own; its code still says it. */
function reasonOf(error: unknown): string {
  const { message, code, errors } = (error ?? {}) as { message?: string; code?: string; errors?: { message?: string }[] };
  return message || errors?.[0]?.message || (code ? `connect ${code}` : String(error));
}

/** Answers unless the server is unreachable; a missing database counts as answering unless told otherwise. */
export async function pingPostgres(url: string, { missingDatabase = 'ok' }: { missingDatabase?: 'ok' | 'fail' } = {}): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_CATALOG_NAME || missingDatabase === 'fail') throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The service checks Postgres with the default; a missing database is created at boot. */
export const pingPostgresServer = (url: string) => pingPostgres(url);

export async function pingRedis(url: string): Promise<void> {
  // No retries of its own and no error events: the caller decides how often to try.
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: CONNECT_TIMEOUT_MS, enableOfflineQueue: false });
  let cause: Error | undefined;
  client.on('error', (error: Error) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    // ioredis rejects with "Connection is closed."; what the network said came as an error event.
    throw cause ?? error;
  } finally {
    client.disconnect();
  }
}

/**
 * Tries `ping` up to `attempts` times, `delayMs` apart, saying so on one line each time; throws with
 * the last line when it never answered. The service checks Postgres and Redis this way before booting.
 */
export async function waitUntilReachable(
  variable: string,
  url: string,
  ping: (url: string) => Promise<void>,
  { attempts, delayMs, say }: { attempts: number; delayMs: number; say: (line: string) => void },
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ping(url);
    } catch (error) {
      const line = unreachableLine(variable, url, error);
      if (attempt >= attempts) throw new Error(`${line} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'})`);
      say(`${line} (attempt ${attempt} of ${attempts}; retrying in ${delayMs} ms)`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
