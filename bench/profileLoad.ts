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

const { values, positionals } = parseArgs({ allowPositionals: true, options: { loader: { type: 'string' }, db: { type: 'string' } } });
const dir = positionals[0] ?? 'data/bench/scale-4.3';
const dbPath = values.db ?? '/tmp/bidwatch-profile.duckdb';
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
const labelOf = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 70);
let lastCpu = cpu();
let lastWall = performance.now();
const wrap = <F extends (...args: any[]) => Promise<any>>(fn: F): F =>
  (async (...args: any[]) => {
    const c0 = cpu();
    const w0 = performance.now();
    add('(javascript between statements)', c0 - lastCpu, (w0 - lastWall) / 1000);
    try {
      return await fn(...args);
    } finally {
      lastCpu = cpu();
      lastWall = performance.now();
      add(labelOf(String(args[0])), lastCpu - c0, (lastWall - w0) / 1000);
    }
  }) as F;
db.run = wrap(db.run.bind(db));
db.query = wrap(db.query.bind(db));
const conn = db.connection as any;
const createAppender = conn.createAppender.bind(conn);
conn.createAppender = wrap(async (table: string) => {
  const appender = await createAppender(table);
  return appender;
});

const c0 = cpu();
const w0 = performance.now();
const summary = await loadDirectory(db, dir, { loader: (values.loader as 'sql' | 'js') ?? 'sql' });
const c1 = cpu();
const w1 = performance.now();
db.close();
const records = Object.values(summary).reduce((n, s) => n + s.read, 0);
console.log(`records ${records}; wall ${((w1 - w0) / 1000).toFixed(2)} s; cpu ${(c1 - c0).toFixed(2)} s; ${Math.round(records / ((w1 - w0) / 1000))} records/s wall, ${Math.round(records / (c1 - c0))} records/CPU s`);
for (const [label, t] of [...totals].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 25)) {
  console.log(`${t.cpu.toFixed(2).padStart(7)} cpu ${t.wall.toFixed(2).padStart(7)} wall ${String(t.calls).padStart(5)}×  ${label}`);
}
