/**
 * `npm run migrate`: creates the database if it does not exist and applies pending migrations,
 * exactly as the service does at boot (under the same advisory lock).
 */
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, migrate } from '../src/database/database.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (see .env.example)');
  process.exit(1);
}

await ensureDatabase(url);

const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
await migrate(dataSource);
await dataSource.destroy();
console.log(`Database ${decodeURIComponent(new URL(url).pathname.slice(1))} is up to date`);
