/**
 * `npm run pan:scan -- [--database URL] [--log FILE ...]`: searches every table of a database and any log
 * files for full card numbers, with the same rule the service refuses them by (src/common/card-number.ts).
 * Prints where each one is, by table and row or by file and line, and only its last 4 digits; exits 1 on a
 * find. A bank can run it on its own copies: it only reads.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { findCardNumbers } from '../src/common/card-number.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const { values } = parseArgs({ options: { database: { type: 'string' }, log: { type: 'string', multiple: true } } });
const database = values.database ?? process.env.DATABASE_URL;
const logs = values.log ?? [];
if (!database && logs.length === 0) {
  console.error('usage: npm run pan:scan -- [--database postgres://…] [--log FILE …] (DATABASE_URL by default)');
  process.exit(2);
}

const BATCH = 2000;
let finds = 0;
const report = (where: string, text: string) => {
  for (const { start, end } of findCardNumbers(text)) {
    finds += 1;
    const digits = text.slice(start, end).normalize('NFKC').replace(/\D/g, '');
    console.log(`card number ending ${digits.slice(-4)} in ${where}`);
  }
};

if (database) {
  const client = new pg.Client({ connectionString: database });
  await client.connect();
  try {
    const { rows: tables } = await client.query(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
    );
    for (const { table_schema: schema, table_name: table } of tables) {
      const name = `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`;
      // A cursor, so a table of millions of rows is read a batch at a time.
      await client.query('BEGIN READ ONLY');
      await client.query(`DECLARE scan NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS row FROM ${name} t`);
      for (let row = 0; ; ) {
        const { rows } = await client.query(`FETCH ${BATCH} FROM scan`);
        for (const { row: text } of rows) report(`table ${schema}.${table}, row ${++row}`, text);
        if (rows.length < BATCH) break;
      }
      await client.query('COMMIT');
    }
    console.log(`scanned ${tables.length} tables`);
  } finally {
    await client.end();
  }
}

for (const file of logs) {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) report(`${file}, line ${++line}`, text);
  console.log(`scanned ${file} (${line} lines)`);
}

console.log(finds === 0 ? 'no card numbers found' : `${finds} card number(s) found`);
process.exitCode = finds === 0 ? 0 : 1;
