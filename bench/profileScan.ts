/**
 * `npx tsx bench/profileScan.ts DIR [--db FILE] [--out DIR] [--no-load]`: one full scan of DIR
 * (load, models, rules, leads, reports) into a fresh database, printing per stage and per rule
 * the wall seconds and the CPU seconds (user+sys of the whole process, DuckDB's threads
 * included), then the SQL statements that took the most CPU. For finding what to make faster;
 * on a shared machine compare CPU, not wall.
 *
 * On a database loaded once (`bidwatch load --db FILE`), without loading again:
 * `npx tsx bench/profileScan.ts --db FILE --only models,rules [--rules A1,B4] [--flags OUT.jsonl]`
 * runs just those stages (`--rules`: the rules whose code or id starts with one of the given
 * prefixes, with the rules they run `after`), and `--flags` writes every flag and withheld flag of
 * the run, one JSON line each, sorted, without the run id: two such files are equal when a change
 * left the detections alone (`diff` them); `OUT.jsonl.rules.json` beside it holds each rule's status, coverage
 * and flag rate as the runner measured them. `--compare BEFORE.jsonl` then compares the new dump with an earlier one
 * rule by rule (compareFlagDumps.ts; exit 1 when a rule differs). Run it under `/usr/bin/time -v` for the peak RSS.
 * `--set NAME=VALUE` (repeatable) applies a DuckDB setting to the run (`--set preserve_insertion_order=false`).
 * `--memory` also prints, after each stage and rule, where the RSS is (memorySplit.ts: V8 heap, array buffers,
 * DuckDB's accounted buffers, the rest), now and at the largest RSS sampled meanwhile (every second).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Database } from '../db/Database.ts';
import { runScan, newRunId } from '../cli/runScan.ts';
import { buildModels } from '../analytics/buildModels.ts';
import { runRules, type RuleRunResult } from '../rules/runRules.ts';
import { rules as allRules } from '../rules/registry.ts';
import type { Rule } from '../rules/Rule.ts';
import { ensureResultTables } from '../results/ensureResultTables.ts';
import { compareFlagDumps } from './compareFlagDumps.ts';
import { processCpuSeconds } from './timeStatements.ts';
import { MemorySplit } from './memorySplit.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { db: { type: 'string' }, out: { type: 'string' }, 'no-load': { type: 'boolean' }, top: { type: 'string' }, only: { type: 'string' }, rules: { type: 'string' }, flags: { type: 'string' }, compare: { type: 'string' }, 'top-rules': { type: 'string' }, set: { type: 'string', multiple: true }, memory: { type: 'boolean' } } });
const dir = positionals[0] ?? 'data/bench/scale-43.5';
const dbPath = values.db ?? 'data/bench/profile-scan.duckdb';
const only = values.only?.split(',').map((stage) => stage.trim()) ?? null;
if (only && only.some((stage) => stage !== 'models' && stage !== 'rules')) throw new Error(`--only takes models and/or rules, not ${values.only}`);
const loads = !values['no-load'] && !only;
if (loads) {
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
}
const db = await Database.open(dbPath);
// `--set name=value` (repeatable): a DuckDB setting for this run, to measure one before it goes into the code.
for (const setting of values.set ?? []) await db.run(`set ${setting}`);
const split = values.memory ? await MemorySplit.start(db, 1000) : null;
// Printed when the probe's query answers (a second connection), so a line may come a moment after its stage's.
const printSplit = (label: string) => { if (split) void split.line(label).then((line) => console.error(`  memory ${line}`)); };
const cpu = processCpuSeconds;
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
const rules: { id: string; cpu: number; wall: number; status: string; peak: string }[] = [];
const c0 = cpu();
const w0 = performance.now();
const selectedRules = (): readonly Rule[] => {
  if (!values.rules) return allRules;
  const prefixes = values.rules.split(',').map((prefix) => prefix.trim());
  const chosen = new Set(allRules.filter((rule) => prefixes.some((prefix) => rule.id.startsWith(prefix))).map((rule) => rule.id));
  // A rule that reads another's output (`after`) needs it in the run.
  const pending = [...chosen];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const id of allRules.find((rule) => rule.id === next)?.after ?? []) {
      if (!chosen.has(id)) pending.push(id), chosen.add(id);
    }
  }
  return allRules.filter((rule) => chosen.has(rule.id));
};
// The process's peak RSS so far (Linux VmHWM; DuckDB's memory and Node's together): read after each stage and
// rule, it shows which one raised the peak.
const peakGb = (): string => {
  const kb = /VmHWM:\s+(\d+) kB/.exec(existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '')?.[1];
  return kb ? `${(Number(kb) / 1024 ** 2).toFixed(2)} GB` : 'n/a';
};
const onStage = (stage: string, seconds: number) => {
  const now = cpu();
  stages.push(`${stage.padEnd(8)} wall ${seconds.toFixed(2).padStart(7)} s  cpu ${(now - stageCpu).toFixed(2).padStart(7)} s  peak rss ${peakGb()}`);
  // Progress as it happens (stderr), so a long run that is stopped still leaves its figures.
  console.error(stages[stages.length - 1]);
  printSplit(stage);
  stageCpu = now;
  ruleCpu = now;
};
const ruleResults: RuleRunResult[] = [];
const onRule = (result: RuleRunResult) => {
  ruleResults.push(result);
  const now = cpu();
  rules.push({ id: result.ruleId, cpu: now - ruleCpu, wall: result.seconds, status: result.status, peak: peakGb() });
  const r = rules[rules.length - 1]!;
  console.error(`  ${r.id}: cpu ${r.cpu.toFixed(2)} s, wall ${r.wall.toFixed(2)} s, peak rss ${r.peak}, ${r.status}`);
  printSplit(r.id);
  ruleCpu = now;
};
const runId = newRunId();
try {
  if (only) {
    const timed = async (stage: string, work: () => Promise<unknown>) => {
      const started = performance.now();
      await work();
      onStage(stage, (performance.now() - started) / 1000);
    };
    if (only.includes('models')) await timed('models', () => buildModels(db));
    if (only.includes('rules')) {
      await ensureResultTables(db);
      await timed('rules', () => runRules(db, runId, selectedRules(), {}, onRule));
    }
  } else await runScan({
    db,
    runId,
    rules: selectedRules(),
    input: loads ? dir : null,
    out: values.out ?? 'data/bench/profile-reports',
    onStage,
    onRule,
  });
  if (values.flags) {
    // Everything a flag says but the run id; sorted so that two runs compare line by line.
    await db.run(
      `copy (
         select * exclude (run_id) from (
           select 'flags' as held_in, * from flags where run_id = $run_id
           union all by name
           select 'withheld_flags' as held_in, * from withheld_flags where run_id = $run_id
         ) order by held_in, rule_id, flag_id
       ) to '${values.flags.replaceAll("'", "''")}' (format json)`,
      { run_id: runId },
    );
    // And what the runner measured per rule (status, coverage, flag rate), without the timings.
    const measured = ruleResults.map(({ seconds: _seconds, ...result }) => result).sort((a, b) => a.ruleId.localeCompare(b.ruleId));
    writeFileSync(`${values.flags}.rules.json`, `${JSON.stringify(measured, null, 1)}\n`);
  }
} finally {
  await split?.stop();
  db.close();
}
console.log(`scan of ${dir}: wall ${((performance.now() - w0) / 1000).toFixed(1)} s, cpu ${(cpu() - c0).toFixed(1)} s`);
console.log(stages.join('\n'));
console.log('\nslowest rules (cpu s, wall s, peak rss after it):');
for (const r of [...rules].sort((a, b) => b.cpu - a.cpu).slice(0, Number(values['top-rules'] ?? 15))) {
  console.log(`${r.cpu.toFixed(2).padStart(7)} ${r.wall.toFixed(2).padStart(7)}  ${r.peak.padStart(8)}  ${r.id} ${r.status}`);
}
console.log('\nslowest statements (cpu s, wall s, calls):');
for (const [label, t] of [...statements].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, Number(values.top ?? 30))) {
  console.log(`${t.cpu.toFixed(2).padStart(7)} ${t.wall.toFixed(2).padStart(7)} ${String(t.calls).padStart(5)}×  ${label}`);
}
if (values.compare && values.flags) {
  console.log(`\nflags against ${values.compare}:`);
  const compared = compareFlagDumps(values.compare, values.flags).filter((rule) => rules.some((ran) => ran.id === rule.ruleId));
  for (const rule of compared) console.log(`  ${rule.ruleId}: ${rule.verdict} (${rule.flags.join(' / ')} flags${rule.differing ? `, ${rule.differing} differing` : ''})`);
  if (compared.some((rule) => rule.verdict === 'differ')) process.exitCode = 1;
}
