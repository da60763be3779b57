/**
 * `npx tsx bench/profileScan.ts DIR [--db FILE] [--out DIR] [--no-load]`: one full scan of DIR
 * (load, models, rules, leads, reports) into a fresh database, printing per stage and per rule
 * the wall seconds and the CPU seconds (user+sys of the whole process, DuckDB's threads
 * included), then the SQL statements that took the most CPU. For finding what to make faster;
 * on a shared machine compare CPU, not wall.
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Database } from '../db/Database.ts';
import { runScan } from '../cli/runScan.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { db: { type: 'string' }, out: { type: 'string' }, 'no-load': { type: 'boolean' }, top: { type: 'string' } } });
const dir = positionals[0] ?? 'data/bench/scale-43.5';
const dbPath = values.db ?? 'data/bench/profile-scan.duckdb';
if (!values['no-load']) {
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
}
const db = await Database.open(dbPath);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const statements = new Map<string, { cpu: number; wall: number; calls: number }>();
const wrap = <F extends (...args: any[]) => Promise<any>>(fn: F): F =>
  (async (...args: any[]) => {
    const c0 = cpu();
    const w0 = performance.now();
    try {
      return await fn(...args);
    } finally {
      const label = String(args[0]).replace(/\s+/g, ' ').trim().slice(0, 90);
      const t = statements.get(label) ?? { cpu: 0, wall: 0, calls: 0 };
      t.cpu += cpu() - c0;
      t.wall += (performance.now() - w0) / 1000;
      t.calls += 1;
      statements.set(label, t);
    }
  }) as F;
db.run = wrap(db.run.bind(db));
db.query = wrap(db.query.bind(db));

let stageCpu = cpu();
let ruleCpu = stageCpu;
const stages: string[] = [];
const rules: { id: string; cpu: number; wall: number; status: string }[] = [];
const c0 = cpu();
const w0 = performance.now();
try {
  await runScan({
    db,
    input: values['no-load'] ? null : dir,
    out: values.out ?? 'data/bench/profile-reports',
    onStage: (stage, seconds) => {
      const now = cpu();
      stages.push(`${stage.padEnd(8)} wall ${seconds.toFixed(2).padStart(7)} s  cpu ${(now - stageCpu).toFixed(2).padStart(7)} s`);
      stageCpu = now;
      ruleCpu = now;
    },
    onRule: (result) => {
      const now = cpu();
      rules.push({ id: result.ruleId, cpu: now - ruleCpu, wall: result.seconds, status: String((result as { status?: unknown }).status ?? '') });
      ruleCpu = now;
    },
  });
} finally {
  db.close();
}
console.log(`scan of ${dir}: wall ${((performance.now() - w0) / 1000).toFixed(1)} s, cpu ${(cpu() - c0).toFixed(1)} s`);
console.log(stages.join('\n'));
console.log('\nslowest rules (cpu s, wall s):');
for (const r of rules.sort((a, b) => b.cpu - a.cpu).slice(0, 15)) console.log(`${r.cpu.toFixed(2).padStart(7)} ${r.wall.toFixed(2).padStart(7)}  ${r.id} ${r.status}`);
console.log('\nslowest statements (cpu s, wall s, calls):');
for (const [label, t] of [...statements].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, Number(values.top ?? 30))) {
  console.log(`${t.cpu.toFixed(2).padStart(7)} ${t.wall.toFixed(2).padStart(7)} ${String(t.calls).padStart(5)}×  ${label}`);
}
