/**
 * `npm run audit:verify`: walks the card-action audit trail and recomputes every hash.
 * Prints `{ ok, checked, firstBrokenId }`; exits 1 when a row was altered, removed or reordered.
 * The check itself goes on the audit access log.
 */
import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { AuditAccessEntity } from '../src/audit/audit-access.entity.js';
import { verifyCardActionChain } from '../src/audit/hash-chain.js';
import { dataSourceOptions } from '../src/database/database.js';
import { databaseOrExit, flags } from './cli.js';

if (existsSync('.env')) process.loadEnvFile('.env');
flags('npm run audit:verify', {});
const url = await databaseOrExit(process.env.DATABASE_URL, 'refuse');

const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
try {
  const report = await verifyCardActionChain(dataSource.manager);
  // Reading the trail from a shell is an access like any other.
  await dataSource.getRepository(AuditAccessEntity).insert({
    at: new Date(), actor: `os:${userInfo().username}`, origin: `audit:verify@${hostname()}`, read: 'verify', filters: {}, rowCount: report.checked,
  });
  console.log(JSON.stringify(report));
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await dataSource.destroy();
}
