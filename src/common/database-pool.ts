import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** This process's connection pool now: connections open, and queries waiting for one (a backlog in Postgres or in the pool). */
export function poolLoad(dataSource: DataSource): { connections: number; waiting: number } {
  const pool = (dataSource.driver as PostgresDriver).master as pg.Pool | undefined;
  return { connections: pool?.totalCount ?? 0, waiting: pool?.waitingCount ?? 0 };
}
