/** What every operator script shares: flags parsed strictly, and misuse answered with a usage line, never a stack. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { pingPostgres, printableUrl, unreachableLine } from '../src/config/reachable.js';

/** Exit code for a command used the wrong way (as most Unix tools do). */
const MISUSE = 2;

export function usageError(usage: string, problem: string): never {
  console.error(`${problem}\nUsage: ${usage}`);
  process.exit(MISUSE);
}

export function flags<O extends NonNullable<ParseArgsConfig['options']>>(usage: string, options: O) {
  // `npm run token --sub x` hands --sub to npm itself (it shows up as npm_config_sub), and only `x` reaches us.
  const eaten = Object.keys(options).filter((name) => process.env[`npm_config_${name}`] !== undefined);
  if (eaten.length > 0) usageError(usage, `npm kept ${eaten.map((n) => `--${n}`).join(', ')} for itself: put -- before the flags`);
  try {
    return parseArgs({ options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    usageError(usage, (error as Error).message);
  }
}

/** DATABASE_URL, answering, with a database in it; otherwise one line saying which of those is wrong, and exit 1. */
export async function databaseOrExit(url: string | undefined, missing: 'create' | 'refuse'): Promise<string> {
  if (!url) {
    console.error('DATABASE_URL is not set (see .env.example)');
    process.exit(1);
  }
  try {
    await pingPostgres(url, { missingDatabase: missing === 'create' ? 'ok' : 'fail' });
  } catch (error) {
    const missingDb = (error as { code?: string }).code === '3D000';
    console.error(missingDb ? `DATABASE_URL=${printableUrl(url)}: ${(error as Error).message} (npm run migrate creates it)` : unreachableLine('DATABASE_URL', url, error));
    process.exit(1);
  }
  return url;
}
