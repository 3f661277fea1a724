/**
 * `npm run audit:verify [-- --checkpoint FILE]`: walks the card-action trail and the access log, recomputing
 * every link with AUDIT_KEYS, and holds each head against the latest checkpoint signed with AUDIT_SIGNING_KEY.
 * By default the checkpoints are the database's and AUDIT_CHECKPOINT_FILE's; with `--checkpoint FILE` only that
 * exported file is trusted, so the check needs nothing from the service but the database it reads.
 * Prints the report as JSON; exits 1 on any problem. The check itself goes on the access log.
 */
import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { recordAuditAccess, verifyAudit } from '../src/audit/audit-chain.js';
import { AuditKeys } from '../src/audit/audit-keys.js';
import { auditKeyProblems, type AuditKeySettings } from '../src/config/audit-key-settings.js';
import { checkpointsInDatabase, readCheckpointFile } from '../src/audit/checkpoints.js';
import { dataSourceOptions } from '../src/database/database.js';
import { databaseOrExit, flags } from './cli.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const values = flags('npm run audit:verify [-- --checkpoint FILE]', { checkpoint: { type: 'string' } });
const url = await databaseOrExit(process.env.DATABASE_URL, 'refuse');
const keyProblems = auditKeyProblems(process.env as Partial<AuditKeySettings>);
if (keyProblems.length > 0) {
  console.error(`${keyProblems.join('\n')}\nSee .env.example.`);
  process.exit(2);
}
const keys = AuditKeys.from(process.env as unknown as AuditKeySettings);

const dataSource = await new DataSource(dataSourceOptions(url!)).initialize();
try {
  const checkpoints = values.checkpoint
    ? await readCheckpointFile(values.checkpoint)
    : [...(await checkpointsInDatabase(dataSource.manager)), ...(process.env.AUDIT_CHECKPOINT_FILE ? await readCheckpointFile(process.env.AUDIT_CHECKPOINT_FILE).catch(() => []) : [])];
  const report = await verifyAudit(dataSource.manager, keys, checkpoints);
  // Reading the trail from a shell is an access like any other.
  await recordAuditAccess(dataSource.manager, keys, {
    actor: `os:${userInfo().username}`, origin: `audit:verify@${hostname()}`, read: 'verify', filters: values.checkpoint ? { checkpoint: values.checkpoint } : {}, rowCount: report.checked,
  });
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.ok ? 0 : 1;
} finally {
  await dataSource.destroy();
}
