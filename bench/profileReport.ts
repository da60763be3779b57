/**
 * The report stage alone, on a database that already holds a scan (e.g. a copy of
 * data/bench/bench-1m.duckdb, the 1M-bid province after a full scan): times writeRunReport
 * `--runs` times, each into a fresh folder under `--out`, with wall and CPU seconds (user +
 * system, worker threads and DuckDB's threads included), the process's peak RSS and the
 * machine's load; then reading the leads and their context alone (no rendering), the part that
 * is DuckDB's. Add `node --cpu-prof` (e.g. `node --cpu-prof --import tsx bench/profileReport.ts`)
 * to see where the main thread's time goes.
 *
 *   npx tsx bench/profileReport.ts --db data/bench-1m.duckdb [--run ID] [--runs 3] [--out data/report-runs] [--threads N] [--memory-limit 1GB] [--keep]
 *
 * `--memory-limit`: DuckDB's memory_limit while each report is written (Database.withMemoryLimit), as `bidwatch scan`
 * sets it for its report stage (cli/runScan.ts).
 *
 * The run folders are removed at the end unless `--keep`. Measure before removing a previous
 * report, not right after: on ext4, creating files just after thousands were deleted costs
 * seconds of system time (the inode allocator skips recently deleted inodes one by one; 11,000
 * pages took 0.7 s to create in a quiet folder and 4–10 s right after a report was deleted).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Database } from '../db/Database.ts';
import { loadRunHeader } from '../reports/loadRunHeader.ts';
import { loadLeadContext } from '../reports/loadLeadContext.ts';
import { narrowLeadContextSources } from '../reports/narrowLeadContextSources.ts';
import { readRawLeadBatches } from '../reports/readRawLeadBatches.ts';
import { writeRunReport } from '../reports/writeRunReport.ts';
import { folderSize } from './folderSize.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    run: { type: 'string' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'data/report-runs' },
    threads: { type: 'string' },
    'memory-limit': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
if (!values.db) throw new Error('--db FILE: a database holding a finished scan');
const RUNS = Number(values.runs);
const options = values.threads === undefined ? {} : { threads: Number(values.threads) };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () => os.loadavg()[0]!.toFixed(1);

/**
 * CPU seconds of the main thread alone (Linux: /proc/self/task/<pid>/stat; 0 elsewhere): on a
 * quiet 2-core machine the report's wall time is at least this, whatever the other threads do.
 */
function mainThreadCpu(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return 0;
  }
}

interface Measured { wall: number; cpu: number; mainCpu: number; rss: number }
/** Wall and CPU seconds of `work` and the process's peak RSS in MB while it runs (sampled every 20 ms). */
async function measure(work: () => Promise<unknown>): Promise<Measured> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 20);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const mainStarted = mainThreadCpu();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  const used = process.cpuUsage(cpuStarted);
  return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6, mainCpu: mainThreadCpu() - mainStarted, rss: Math.max(peak, process.memoryUsage.rss()) / 1e6 };
}


const db = await Database.open(values.db);
const folders: string[] = [];
try {
  const runId = values.run
    ?? (await db.query<{ run_id: string }>('select run_id from runs where finished_at is not null order by run_id desc limit 1'))[0]?.run_id;
  if (!runId) throw new Error(`${values.db} holds no finished scan`);
  const header = await loadRunHeader(db, runId);
  console.log(`${values.db}: run ${runId}, ${header.leadCount.toLocaleString('en-US')} leads`);
  const reports: Measured[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const out = join(values.out, `${process.pid}-${run}`);
    mkdirSync(out, { recursive: true });
    folders.push(out);
    const loadBefore = load();
    const write = () => writeRunReport(db, runId, out, options);
    const limit = values['memory-limit'];
    const measured = await measure(() => (limit ? db.withMemoryLimit(limit, write) : write()));
    reports.push(measured);
    console.log(`run ${run}: ${measured.wall.toFixed(2)} s wall, ${measured.cpu.toFixed(2)} s CPU (main thread ${measured.mainCpu.toFixed(2)}), peak RSS ${measured.rss.toFixed(0)} MB (load ${loadBefore} → ${load()})`);
  }
  const reading = await measure(async () => {
    const narrowed = await narrowLeadContextSources(db, runId);
    try {
      for await (const leads of readRawLeadBatches(db, header)) await loadLeadContext(db, leads, undefined, runId, narrowed.sources);
    } finally {
      await narrowed.drop();
    }
  });
  const { files, bytes } = folderSize(join(folders[0]!, runId));
  console.log(`\nmedian of ${RUNS}: ${median(reports.map((r) => r.wall)).toFixed(2)} s wall, ${median(reports.map((r) => r.cpu)).toFixed(2)} s CPU (main thread ${median(reports.map((r) => r.mainCpu)).toFixed(2)}), `
    + `peak RSS ${median(reports.map((r) => r.rss)).toFixed(0)} MB (load ${load()} on ${os.cpus().length} CPUs)`);
  console.log(`reading leads and context alone: ${reading.wall.toFixed(2)} s wall, ${reading.cpu.toFixed(2)} s CPU (main thread ${reading.mainCpu.toFixed(2)})`);
  console.log(`output: ${files.toLocaleString('en-US')} files, ${(bytes / 1e6).toFixed(1)} MB in ${join(folders[0]!, runId)}`);
} finally {
  db.close();
  if (!values.keep) for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
