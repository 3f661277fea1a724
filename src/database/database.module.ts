import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { dataSourceOptions, ensureDatabase, migrate } from './database.js';

/** Postgres error code for "database does not exist". */
const INVALID_CATALOG_NAME = '3D000';

/** Postgres through TypeORM; migrations are applied before anything else touches the schema. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE),
      dataSourceFactory: async (options) => {
        const dataSource = await connect(options!);
        await migrate(dataSource);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}

/** Connects; a database that does not exist yet (a new machine) is created first. */
async function connect(options: DataSourceOptions): Promise<DataSource> {
  try {
    return await new DataSource(options).initialize();
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_CATALOG_NAME) throw error;
    await ensureDatabase((options as { url: string }).url);
    return new DataSource(options).initialize();
  }
}
