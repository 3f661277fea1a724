import { Logger } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { AuditAccessEntity } from '../audit/audit-access.entity.js';
import { CardActionEntity } from '../audit/card-action.entity.js';
import { EffectEntity } from '../effects/effect.entity.js';
import { IncidentEventEntity } from '../incidents/incident-event.entity.js';
import { IncidentEntity } from '../incidents/incident.entity.js';
import { NotificationEntity } from '../notifications/notification.entity.js';
import { PlaybookVersionEntity } from '../playbooks/playbook-version.entity.js';

export const ENTITIES = [PlaybookVersionEntity, IncidentEntity, IncidentEventEntity, EffectEntity, NotificationEntity, CardActionEntity, AuditAccessEntity];

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // The schema changes only through reviewed migrations.
    synchronize: false,
    migrationsRun: false,
    extra: { max: 20, connectionTimeoutMillis: 5000 },
  };
}

/** Any fixed number works, as long as every Lifeline process uses the same one. */
const MIGRATION_LOCK = 7_246_001;

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
