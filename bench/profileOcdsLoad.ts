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

const { values, positionals } = parseArgs({ allowPositionals: true, options: { db: { type: 'string' }, mapper: { type: 'string' } } });
const file = positionals[0] ?? 'data/bench-ocds/releases-10k.jsonl';
const dbPath = values.db ?? 'data/profile-ocds.duckdb';
rmSync(dbPath, { force: true });
rmSync(`${dbPath}.wal`, { force: true });
const db = await Database.open(dbPath);

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const totals = new Map<string, { cpu: number; wall: number; calls: number }>();
const add = (label: string, c: number, w: number) => {
  const t = totals.get(label) ?? { cpu: 0, wall: 0, calls: 0 };
  t.cpu += c;
  t.wall += w;
  t.calls += 1;
  totals.set(label, t);
};
const labelOf = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);
let lastCpu = cpu();
let lastWall = performance.now();
let lastLabel = '(start)';
const wrap = <F extends (...args: any[]) => Promise<any>>(fn: F): F =>
  (async (...args: any[]) => {
    const c0 = cpu();
    const w0 = performance.now();
    add(process.env.GAPS ? `(after) ${lastLabel}` : '(javascript between statements)', c0 - lastCpu, (w0 - lastWall) / 1000);
    try {
      return await fn(...args);
    } finally {
      lastCpu = cpu();
      lastWall = performance.now();
      lastLabel = labelOf(String(args[0])) + (args[1]?.type ? ` [${args[1].type}]` : '');
      add(lastLabel, lastCpu - c0, (lastWall - w0) / 1000);
    }
  }) as F;
db.run = wrap(db.run.bind(db));
db.query = wrap(db.query.bind(db));

const load0 = loadavg()[0]!.toFixed(2);
await ensureOcdsTables(db);
const c0 = cpu();
const w0 = performance.now();
const loaded = await loadOcdsReleases(db, file);
const c1 = cpu();
const w1 = performance.now();
const paths = { sql: 0, javaScript: 0 };
const mapping = await mapOcdsReleases(db, { paths, ...(process.env.BATCH ? { batchSize: Number(process.env.BATCH) } : {}), ...(values.mapper ? { engine: values.mapper as 'sql' | 'js' } : {}) });
const c2 = cpu();
const w2 = performance.now();
db.close();
const n = loaded.read;
console.log(`releases ${n} (load avg ${load0} → ${loadavg()[0]!.toFixed(2)}); paths: ${paths.sql} SQL, ${paths.javaScript} JavaScript`);
console.log(`load:  wall ${((w1 - w0) / 1000).toFixed(2)} s, cpu ${(c1 - c0).toFixed(2)} s`);
console.log(`map:   wall ${((w2 - w1) / 1000).toFixed(2)} s, cpu ${(c2 - c1).toFixed(2)} s`);
console.log(`total: ${Math.round(n / ((w2 - w0) / 1000))} releases/s wall, ${Math.round(n / (c2 - c0))} per CPU s`);
console.log(JSON.stringify(mapping.records));
for (const [label, t] of [...totals].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 30)) {
  console.log(`${t.cpu.toFixed(2).padStart(7)} cpu ${t.wall.toFixed(2).padStart(7)} wall ${String(t.calls).padStart(5)}×  ${label}`);
}
