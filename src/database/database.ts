import { Logger } from '@nestjs/common';
import pg from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { AuditAccessEntity } from '../audit/audit-access.entity.js';
import { CardActionEntity } from '../audit/card-action.entity.js';
import { CommitmentEntity } from '../commitments/commitment.entity.js';
import { DisputeEntity } from '../disputes/dispute.entity.js';
import { SupervisorAlertEntity } from '../commitments/supervisor-alert.entity.js';
import { EffectEntity } from '../effects/effect.entity.js';
import { FollowUpEntity } from '../follow-ups/follow-up.entity.js';
import { IncidentEventEntity } from '../incidents/incident-event.entity.js';
import { IncidentEntity } from '../incidents/incident.entity.js';
import { NotificationEntity } from '../notifications/notification.entity.js';
import { PlaybookVersionEntity } from '../playbooks/playbook-version.entity.js';
import { ADVISORY_LOCKS } from '../common/advisory-locks.js';

export const ENTITIES = [PlaybookVersionEntity, IncidentEntity, IncidentEventEntity, EffectEntity, NotificationEntity, CardActionEntity, AuditAccessEntity, CommitmentEntity, SupervisorAlertEntity, FollowUpEntity, DisputeEntity];

export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // The schema changes only through reviewed migrations.
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  };
}

/** Any fixed number works, as long as every Lifeline process uses the same one. */
const MIGRATION_LOCK = ADVISORY_LOCKS.migrations;

/** Applies pending migrations; the advisory lock makes replicas that boot together take turns. */
export async function migrate(dataSource: DataSource): Promise<void> {
  const logger = new Logger('Migrations');
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`Applied ${applied.map((m) => m.name).join(', ')}`);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Creates the database named in the URL when it does not exist yet (a new machine, a fresh CI run),
 * connecting to the server's `postgres` database with the same credentials.
 */
export async function ensureDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
      new Logger('Migrations').log(`Created database ${name}`);
    }
  } finally {
    await admin.end();
  }
}
