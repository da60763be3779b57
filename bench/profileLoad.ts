/**
 * `npx tsx bench/profileLoad.ts DIR [--loader sql|js] [--db FILE]`: loads DIR into a fresh
 * database and prints CPU seconds (user+sys, every thread of the process: DuckDB's too) and wall
 * seconds per SQL statement kind and for the JavaScript between them. For finding where a load
 * spends its time; the figures are the process's, so run it on a quiet machine or compare CPU.
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Database } from '../db/Database.ts';
import { loadDirectory } from '../ingest/loadDirectory.ts';
import { processCpuSeconds, timeStatements } from './timeStatements.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { loader: { type: 'string' }, db: { type: 'string' } } });
const dir = positionals[0] ?? 'data/bench/scale-4.3';
const dbPath = values.db ?? '/tmp/bidwatch-profile.duckdb';
rmSync(dbPath, { force: true });
rmSync(`${dbPath}.wal`, { force: true });
const db = await Database.open(dbPath);

const times = timeStatements(db, { labelLength: 70 });

// The appender's creation is timed too (its appends run inside the statements that follow).
const conn = db.connection as any;
conn.createAppender = times.wrap(conn.createAppender.bind(conn));

const c0 = processCpuSeconds();
const w0 = performance.now();
const summary = await loadDirectory(db, dir, { loader: (values.loader as 'sql' | 'js') ?? 'sql' });
const c1 = processCpuSeconds();
const w1 = performance.now();
db.close();
const records = Object.values(summary).reduce((n, s) => n + s.read, 0);
console.log(`records ${records}; wall ${((w1 - w0) / 1000).toFixed(2)} s; cpu ${(c1 - c0).toFixed(2)} s; ${Math.round(records / ((w1 - w0) / 1000))} records/s wall, ${Math.round(records / (c1 - c0))} records/CPU s`);
times.print(25);
