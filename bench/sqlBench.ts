/**
 * How fast `bidwatch sql` answers an aggregate over every bid of a ~1M-bid database, end to end:
 * from starting the process to its output, as an analyst types it. Target: under 2 s.
 *
 *   npx tsx bench/sqlBench.ts [--scale 53] [--runs 5]
 *
 * The database is cached as data/bench/sql-s<scale>.duckdb (scale 53 ≈ 1.0M bids; the generator's
 * scale 40 gives ~770k). When missing it is generated (bidwatch generate, or reusing
 * data/bench/scale<scale>/ when that holds a finished province) and scanned (bidwatch scan),
 * which takes a while once. Prints figures; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Database } from '../db/Database.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '53' }, runs: { type: 'string', default: '5' } } });
const scale = Number(values.scale);
const runs = Number(values.runs);
const cli = join('bin', 'bidwatch.js');
const dbPath = join('data', 'bench', `sql-s${scale}.duckdb`);

const queries = [
  'select count(*), sum(price), avg(price) from v_bids',
  'select category, bid_year, count(*) as bids, sum(price) as value, avg(price_to_ceiling) as to_ceiling from v_bids group by all order by all',
  "select count(*) filter (where is_winner) as wins, count(distinct bidder_id) as bidders from v_bids where status = 'valid'",
  'select count(*), sum(price) from mart_bids',
];

interface Timed { seconds: number; stdout: string }

function runCli(args: string[], quiet = true): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', quiet ? 'pipe' : 'inherit'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) resolve({ seconds, stdout });
      else reject(new Error(`bidwatch ${args.join(' ')} exited ${code}\n${stderr}`));
    });
  });
}

async function ensureDatabase(): Promise<void> {
  if (existsSync(dbPath)) return;
  const input = join('data', 'bench', `scale${scale}`);
  const manifest = join(input, 'manifest.json');
  const finished = existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { scale: number }).scale === scale;
  if (!finished) {
    console.log(`generating scale ${scale} into ${input} …`);
    const generated = await runCli(['generate', '--out', input, '--scale', String(scale)], false);
    console.log(`  ${generated.seconds.toFixed(0)} s`);
  }
  console.log(`scanning ${input} into ${dbPath} …`);
  const partial = `${dbPath}.partial`;
  rmSync(partial, { force: true });
  rmSync(`${partial}.wal`, { force: true });
  const reports = mkdtempSync(join(tmpdir(), 'bidwatch-sqlbench-'));
  try {
    const scanned = await runCli(['scan', '--input', input, '--db', partial, '--out', reports, '--run-id', 'run-bench'], false);
    console.log(`  ${scanned.seconds.toFixed(0)} s`);
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
  // Only a finished scan is cached: a half-built file would be reused by the next run.
  renameSync(partial, dbPath);
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

const fmt = (s: number) => `${s.toFixed(2)} s`;

await ensureDatabase();
const db = await Database.open(dbPath, { readOnly: true });
const [size] = await db.query<{ bids: number; tenders: number; flags: number }>(
  'select (select count(*) from v_bids)::double as bids, (select count(*) from v_tenders)::double as tenders, (select count(*) from flags)::double as flags',
);
// In-process figures: opening the file and answering, without starting node and the CLI.
const inProcess: number[][] = queries.map(() => []);
db.close();
for (let i = 0; i < runs; i += 1) {
  for (const [q, sql] of queries.entries()) {
    const started = performance.now();
    const fresh = await Database.open(dbPath, { readOnly: true });
    try {
      await fresh.query(sql);
    } finally {
      fresh.close();
    }
    inProcess[q]!.push((performance.now() - started) / 1000);
  }
}

console.log(`\nbidwatch sql on ${dbPath}: ${size!.bids.toLocaleString('en-US')} bids, ${size!.tenders.toLocaleString('en-US')} tenders, ${size!.flags.toLocaleString('en-US')} flags`);
console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min)\n`);

const startup: number[] = [];
for (let i = 0; i < runs; i += 1) startup.push((await runCli(['--help'])).seconds);
const s = stats(startup);
console.log(`${'CLI start only (bidwatch --help)'.padEnd(60)} median ${fmt(s.median)}  min ${fmt(s.min)}  max ${fmt(s.max)}`);

let worst = 0;
for (const [q, sql] of queries.entries()) {
  const samples: number[] = [];
  let output = '';
  for (let i = 0; i < runs; i += 1) {
    const timed = await runCli(['sql', '--db', dbPath, sql]);
    samples.push(timed.seconds);
    output = timed.stdout;
  }
  const e = stats(samples);
  const p = stats(inProcess[q]!);
  worst = Math.max(worst, e.median);
  console.log(`\n${sql}`);
  console.log(`  end to end (process start → output)   median ${fmt(e.median)}  min ${fmt(e.min)}  max ${fmt(e.max)}  ${e.median < 2 ? 'under' : 'OVER'} the 2 s target`);
  console.log(`  in process (open file + query)          median ${fmt(p.median)}  min ${fmt(p.min)}  max ${fmt(p.max)}`);
  console.log(output.trimEnd().split('\n').slice(0, 4).map((l) => `    ${l}`).join('\n'));
}
console.log(`\nslowest median end to end: ${fmt(worst)} (target < 2 s; ${runs} runs each)`);
