/**
 * `npm run migrate`: creates the database if it does not exist and applies pending migrations,
 * exactly as the service does at boot (under the same advisory lock).
 */
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, migrate } from '../src/database/database.js';
import { databaseOrExit, flags } from './cli.js';

if (existsSync('.env')) process.loadEnvFile('.env');
flags('npm run migrate', {});
const url = await databaseOrExit(process.env.DATABASE_URL, 'create');

await ensureDatabase(url);

const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
await migrate(dataSource);
await dataSource.destroy();
console.log(`Database ${decodeURIComponent(new URL(url).pathname.slice(1))} is up to date`);
