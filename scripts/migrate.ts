/**
 * `npm run migrate`: creates the database if it does not exist and applies pending migrations,
 * exactly as the service does at boot (under the same advisory lock).
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '../src/database/database.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set (see .env.example)');
  process.exit(1);
}

const target = new URL(url);
const name = decodeURIComponent(target.pathname.slice(1));
const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
await admin.connect();
const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
if (rowCount === 0) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
await admin.end();

const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
await migrate(dataSource);
await dataSource.destroy();
console.log(`Database ${name} is up to date`);
