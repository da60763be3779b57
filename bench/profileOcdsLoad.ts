/**
 * `npx tsx bench/profileOcdsLoad.ts FILE [--db FILE] [--mapper sql|js]`: `load --format ocds` of FILE
 * into a fresh database, printing CPU seconds (user+sys, every thread: DuckDB's too) and wall
 * seconds per SQL statement kind and for the JavaScript between them, and how many releases went
 * through the SQL mapping and how many through mapOcdsRelease.ts. For finding where the OCDS load
 * spends its time (bench/profileLoad.ts does the same for `<type>.jsonl` directories).
 * `BATCH=N`: releases per mapping batch. `GAPS=1`: the time between statements labelled with the
 * statement before it (a transaction's commit, which writes the rows to the file, shows there).
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { Database } from '../db/Database.ts';
import { ensureOcdsTables } from '../ingest/ocds/ensureOcdsTables.ts';
import { loadOcdsReleases } from '../ingest/ocds/loadOcdsReleases.ts';
import { mapOcdsReleases } from '../ingest/ocds/mapOcdsReleases.ts';
import { processCpuSeconds, timeStatements } from './timeStatements.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { db: { type: 'string' }, mapper: { type: 'string' } } });
const file = positionals[0] ?? 'data/bench-ocds/releases-10k.jsonl';
const dbPath = values.db ?? 'data/profile-ocds.duckdb';
rmSync(dbPath, { force: true });
rmSync(`${dbPath}.wal`, { force: true });
const db = await Database.open(dbPath);

const times = timeStatements(db, {
  labelLength: 90,
  gaps: Boolean(process.env.GAPS),
  labelOf: (sql, params) => sql.replace(/\s+/g, ' ').trim().slice(0, 90) + ((params as { type?: string } | undefined)?.type ? ` [${(params as { type: string }).type}]` : ''),
});

const load0 = loadavg()[0]!.toFixed(2);
await ensureOcdsTables(db);
const c0 = processCpuSeconds();
const w0 = performance.now();
const loaded = await loadOcdsReleases(db, file);
const c1 = processCpuSeconds();
const w1 = performance.now();
const paths = { sql: 0, javaScript: 0 };
const mapping = await mapOcdsReleases(db, { paths, ...(process.env.BATCH ? { batchSize: Number(process.env.BATCH) } : {}), ...(values.mapper ? { engine: values.mapper as 'sql' | 'js' } : {}) });
const c2 = processCpuSeconds();
const w2 = performance.now();
db.close();
const n = loaded.read;
console.log(`releases ${n} (load avg ${load0} → ${loadavg()[0]!.toFixed(2)}); paths: ${paths.sql} SQL, ${paths.javaScript} JavaScript`);
console.log(`load:  wall ${((w1 - w0) / 1000).toFixed(2)} s, cpu ${(c1 - c0).toFixed(2)} s`);
console.log(`map:   wall ${((w2 - w1) / 1000).toFixed(2)} s, cpu ${(c2 - c1).toFixed(2)} s`);
console.log(`total: ${Math.round(n / ((w2 - w0) / 1000))} releases/s wall, ${Math.round(n / (c2 - c0))} per CPU s`);
console.log(JSON.stringify(mapping.records));
times.print(30);
