/**
 * Report generation at scale: synthesises 10,000 leads (or `--leads 50000`; with their flags,
 * evidence tables, reviews, and the mart rows their pictures read) in a DuckDB file, then
 * times writeRunReport — JSON, CSV, Markdown and the HTML report with its SVGs — three times
 * (`--runs`), with the process's peak RSS during each. Also times reading the leads and their
 * context in batches alone (no rendering), the part of the report on the main thread's
 * critical path. Target: the median under 30 s.
 *
 *   npx tsx bench/reportBench.ts [--leads 10000] [--runs 3] [--threads N] [--keep DIR]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Database } from '../db/Database.ts';
import { synthesiseReportLeads } from './synthesiseReportLeads.ts';
import { loadRunHeader } from '../reports/loadRunHeader.ts';
import { readLeadBatches } from '../reports/readLeadBatches.ts';
import { loadLeadContext } from '../reports/loadLeadContext.ts';
import { writeRunReport } from '../reports/writeRunReport.ts';
import { folderSize } from './folderSize.ts';

const { values } = parseArgs({
  options: { leads: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, threads: { type: 'string' }, keep: { type: 'string' } },
});
const LEADS = Number(values.leads);
const RUNS = Number(values.runs);
const options = values.threads === undefined ? {} : { threads: Number(values.threads) };
const dir = values.keep ?? mkdtempSync(join(tmpdir(), 'bidwatch-report-bench-'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpu: number[] = [];
/** Wall-clock seconds of `work`; its CPU seconds (user + system) go to `cpu`, which a busy machine inflates less. */
const seconds = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpuStarted);
  cpu.push((used.user + used.system) / 1e6);
  return (performance.now() - started) / 1000;
};
/** The process's resident set size at its highest while `work` runs (sampled every 20 ms; worker threads included). */
const peakRss = async (work: () => Promise<unknown>): Promise<number> => {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 20);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage.rss()) / 1e6;
};

const db = await Database.open(join(dir, 'bench.duckdb'));
try {
  const synthesis = await seconds(() => synthesiseReportLeads(db, LEADS));
  const [counts] = await db.query<{ leads: number; flags: number; tenders: number; bids: number }>(`select
    (select count(*) from leads)::double as leads, (select count(*) from flags)::double as flags,
    (select count(*) from mart_tenders)::double as tenders, (select count(*) from mart_bids)::double as bids`);
  console.log(`synthesised in ${synthesis.toFixed(1)} s: ${counts!.leads} leads (${LEADS} active), ${counts!.flags} flags, ${counts!.tenders} tenders, ${counts!.bids} bids — ${dir}`);
  // Each run writes a fresh folder, as the nightly scan does (a new run id every night).
  const reading: number[] = [];
  const total: number[] = [];
  const totalCpu: number[] = [];
  const rss: number[] = [];
  for (let run = 1; run <= RUNS; run += 1) {
    reading.push(await seconds(async () => {
      const header = await loadRunHeader(db, 'run-1');
      for await (const leads of readLeadBatches(db, header)) await loadLeadContext(db, leads, undefined, 'run-1');
    }));
    let wall = 0;
    rss.push(await peakRss(async () => { wall = await seconds(() => writeRunReport(db, 'run-1', join(dir, `out-${run}`), options)); }));
    total.push(wall);
    totalCpu.push(cpu[cpu.length - 1]!);
    console.log(`run ${run}: writeRunReport ${wall.toFixed(2)} s wall, ${totalCpu[run - 1]!.toFixed(2)} s CPU, peak RSS ${rss[run - 1]!.toFixed(0)} MB (reading leads and context alone ≈ ${reading[run - 1]!.toFixed(2)} s)`);
  }
  const { files, bytes } = folderSize(join(dir, 'out-1', 'run-1'));
  console.log(`\nmedian of ${RUNS}: ${median(total).toFixed(2)} s wall, ${median(totalCpu).toFixed(2)} s CPU, peak RSS ${median(rss).toFixed(0)} MB (max ${Math.max(...rss).toFixed(0)} MB; machine load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs) for ${LEADS.toLocaleString('en-US')} leads (target < 30 s) — reading leads and context ${median(reading).toFixed(2)} s, rendering + writing ≈ ${(median(total) - median(reading)).toFixed(2)} s of the wall time`);
  console.log(`output: ${files.toLocaleString('en-US')} files, ${(bytes / 1e6).toFixed(1)} MB in ${join(dir, 'out-1', 'run-1')}`);
  // After a review only that lead's page and the index change: a re-render rewrites those.
  await db.run("update leads set status = 'reviewing' where lead_id = 'L-0000000001'");
  const again = await seconds(() => writeRunReport(db, 'run-1', join(dir, 'out-1'), options));
  console.log(`re-render in place after one review: ${again.toFixed(2)} s`);
} finally {
  db.close();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
