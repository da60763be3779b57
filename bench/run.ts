/**
 * `npm run bench [-- --cardinal [--load] (bench/cardinalBench.ts)] [-- --quick] [-- --sizes 100k,1m,10m] [-- --runs N] [-- --kafka [--kafka-only]] [-- --partitions N] [-- --compare-loaders] [-- --scale X] [-- --results FILE]`
 *
 * Measures bidwatch on generated provinces of about 100k, 1M and 10M bids (generated once and
 * cached under data/bench/), each figure the median of several runs with min and max, every run
 * a fresh child process timed by /usr/bin/time for its peak RSS:
 *   - file load (records/s), full scan (load + models + rules + leads + reports, seconds),
 *     per-stage and per-family rule time, peak RSS;
 *   - with `--compare-loaders`, the file load with the JavaScript loader too (BIDWATCH_LOADER=js);
 *   - Kafka publish and ingest (records/s) when `--kafka` is given or BIDWATCH_KAFKA_BROKERS is set,
 *     on the 1M set (or the largest size chosen), topics created with `--partitions` (default 12);
 *     ingest CPU seconds (user + sys) and the load average beside each run; `--kafka-only` skips
 *     the file load and scan.
 * The 10M set is generated as 10 shards of 1M (bench/generateShardedProvince.ts), in bounded memory.
 * Every figure is the median of `--runs` (default 3).
 * Writes bench/results/bench-<timestamp>.json and prints a table, then how time grows with size.
 * The machines are shared and noisy: read medians and ratios, never a single run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rules } from '../rules/registry.ts';
import { generateShardedProvince } from './generateShardedProvince.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    sizes: { type: 'string' },
    runs: { type: 'string' },
    kafka: { type: 'boolean' },
    'kafka-only': { type: 'boolean' },
    scale: { type: 'string' },
    results: { type: 'string' },
    partitions: { type: 'string' },
    'compare-loaders': { type: 'boolean' },
    cardinal: { type: 'boolean' },
    load: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
// `--cardinal`: the issue-14 side-by-side with Cardinal instead (bench/cardinalBench.ts).
if (values.cardinal) {
  const { cardinalBench } = await import('./cardinalBench.ts');
  await cardinalBench(process.argv.slice(2));
  process.exit(0);
}
if (values.help) {
  console.log(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*?|^ \* ?/gm, ''));
  process.exit(0);
}

/** Generator scale per size label: scale 1 ≈ 24k bids, scale 40 ≈ 0.92M (demo/README.md). */
const sizes: Record<string, number> = { '100k': 4.3, '1m': 43.5, '10m': 435 };
/** Sizes generated in shards (each shard generated alone, so memory stays that of one shard). */
const shardsOf: Record<string, number> = { '10m': 10 };
// `--scale X` measures one custom size (the tests use a tiny one to check the results' shape).
if (values.scale) sizes.custom = Number(values.scale);
const chosen = values.scale ? ['custom'] : values.quick ? ['100k'] : (values.sizes ?? '100k,1m,10m').split(',').map((s) => s.trim().toLowerCase());
for (const size of chosen) if (!(size in sizes)) throw new Error(`unknown size ${size}; use ${Object.keys(sizes).join(', ')}`);
const runsFor = (_size: string) => Number(values.runs ?? 3);
const kafkaSize = chosen.includes('1m') ? '1m' : chosen.at(-1);

const root = join('data', 'bench');
const cli = join('bin', 'bidwatch.js');
mkdirSync(root, { recursive: true });

interface Timed<T> {
  seconds: number;
  peakRssMb: number;
  output: T;
}

/** Runs the CLI in a child process under /usr/bin/time: wall seconds and peak RSS of that process. */
function timedCli(args: string[], env: Record<string, string> = {}): Timed<string> {
  const result = spawnSync('/usr/bin/time', ['-f', '__time %e %M', process.execPath, cli, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, CI: 'true', ...env },
  });
  const match = /__time ([\d.]+) (\d+)/.exec(result.stderr);
  if (result.status !== 0 || !match) throw new Error(`bidwatch ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
  return { seconds: Number(match[1]), peakRssMb: Number(match[2]) / 1024, output: result.stdout };
}

async function ensureDataset(size: string): Promise<{ dir: string; records: number; bids: number }> {
  const dir = join(root, `scale-${sizes[size]}`);
  if (!existsSync(join(dir, 'manifest.json'))) {
    console.error(`generating the ${size} data set (scale ${sizes[size]}) into ${dir} …`);
    if (shardsOf[size]) await generateShardedProvince(dir, shardsOf[size]!, sizes[size]! / shardsOf[size]!);
    else execFileSync(process.execPath, [cli, 'generate', '--out', dir, '--scale', String(sizes[size])], { stdio: 'inherit' });
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { counts: Record<string, number> };
  const records = Object.entries(manifest.counts).filter(([type]) => type !== 'ground_truth').reduce((sum, [, n]) => sum + n, 0);
  return { dir, records, bids: manifest.counts.bids ?? 0 };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const stats = (xs: number[]) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length });

const familyOf = new Map(rules.map((rule) => [rule.id, rule.family]));
const results: Record<string, unknown>[] = [];

// `--kafka-only`: the Kafka publish and ingest alone (measureKafka), on the Kafka size.
if (values['kafka-only']) {
  const { dir, records, bids } = await ensureDataset(kafkaSize!);
  const kafka = measureKafka(dir, records, kafkaSize!);
  const rate = (n: unknown) => Math.round(n as number).toLocaleString('en-US');
  if (kafka) console.log(`kafka ${kafkaSize} (${kafka.partitions} partitions, ${records} messages, medians of ${runsFor(kafkaSize!)}): publish ${rate(kafka.publishRecordsPerSecond)} msg/s, ingest ${rate(kafka.ingestRecordsPerSecond)} msg/s wall, ${rate(kafka.ingestRecordsPerCpuSecond)} msg per CPU s`);
  const file = values.results ?? join('bench', 'results', `bench-kafka-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(join('bench', 'results'), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, results: [{ size: kafkaSize, bids, records, kafka }] }, null, 2)}\n`);
  console.log(`results: ${file}`);
  process.exit(kafka ? 0 : 1);
}

for (const size of chosen) {
  const { dir, records, bids } = await ensureDataset(size);
  const loads: Timed<string>[] = [];
  const javaScriptLoads: Timed<string>[] = [];
  const scans: { timed: Timed<string>; summary: { seconds: Record<string, number>; rules: { ruleId: string; seconds: number }[] } }[] = [];
  for (let run = 0; run < runsFor(size); run += 1) {
    const db = join(root, `bench-${size}.duckdb`);
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    loads.push(timedCli(['load', '--input', dir, '--db', db]));
    rmSync(db, { force: true });
    rmSync(`${db}.wal`, { force: true });
    if (values['compare-loaders']) {
      javaScriptLoads.push(timedCli(['load', '--input', dir, '--db', db], { BIDWATCH_LOADER: 'js' }));
      rmSync(db, { force: true });
      rmSync(`${db}.wal`, { force: true });
    }
    const timed = timedCli(['scan', '--input', dir, '--db', db, '--out', join(root, `reports-${size}`), '--json']);
    scans.push({ timed, summary: JSON.parse(timed.output) });
    console.error(`${size} run ${run + 1}: load ${loads.at(-1)!.seconds.toFixed(1)} s, scan ${timed.seconds.toFixed(1)} s, peak ${timed.peakRssMb.toFixed(0)} MB`);
  }
  // Each scan wrote its own run folder (the 10M set's is 6.3 GB): removed once the size is done, not between runs,
  // since creating thousands of files right after thousands were deleted costs the next run seconds (bench/profileReport.ts).
  rmSync(join(root, `reports-${size}`), { recursive: true, force: true });
  const perFamily: Record<string, ReturnType<typeof stats>> = {};
  for (const family of new Set(familyOf.values())) {
    perFamily[family] = stats(scans.map((s) => s.summary.rules.filter((r) => familyOf.get(r.ruleId) === family).reduce((sum, r) => sum + r.seconds, 0)));
  }
  const stages = Object.fromEntries(['load', 'models', 'rules', 'leads', 'reports'].map((stage) => [stage, stats(scans.map((s) => s.summary.seconds[stage] ?? 0))]));
  let kafka: Record<string, unknown> | null = null;
  if ((values.kafka || process.env.BIDWATCH_KAFKA_BROKERS) && size === kafkaSize) kafka = measureKafka(dir, records, size);
  results.push({
    size,
    bids,
    records,
    load: { seconds: stats(loads.map((l) => l.seconds)), recordsPerSecond: stats(loads.map((l) => records / l.seconds)), peakRssMb: stats(loads.map((l) => l.peakRssMb)) },
    ...(javaScriptLoads.length > 0
      ? { javaScriptLoad: { seconds: stats(javaScriptLoads.map((l) => l.seconds)), recordsPerSecond: stats(javaScriptLoads.map((l) => records / l.seconds)), peakRssMb: stats(javaScriptLoads.map((l) => l.peakRssMb)) } }
      : {}),
    scan: { seconds: stats(scans.map((s) => s.timed.seconds)), peakRssMb: stats(scans.map((s) => s.timed.peakRssMb)), stages, perFamily },
    kafka,
  });
}

function measureKafka(dir: string, records: number, size: string): Record<string, unknown> | null {
  // Needs a running broker (npm run kafka:up). One consumer: DuckDB has one writer per database
  // file; more partitions let the producer and the broker work in parallel. The broker's JVM
  // shares the machine: read the ingest's CPU seconds beside its wall time.
  const brokers = process.env.BIDWATCH_KAFKA_BROKERS ?? '127.0.0.1:9092';
  const partitions = values.partitions ?? '12';
  const publishes: TimedCpu[] = [];
  const ingests: TimedCpu[] = [];
  const loadAverages: { publish: number; ingest: number }[] = [];
  try {
    for (let run = 0; run < runsFor(size); run += 1) {
      const prefix = `bench${Date.now()}.`;
      const publishLoad = loadavg()[0]!;
      publishes.push(timedCliCpu(['publish', dir, '--brokers', brokers, '--topic-prefix', prefix, '--partitions', partitions]));
      const db = join(root, `bench-${size}-kafka.duckdb`);
      rmSync(db, { force: true });
      rmSync(`${db}.wal`, { force: true });
      const ingestLoad = loadavg()[0]!;
      ingests.push(timedCliCpu(['ingest', '--db', db, '--brokers', brokers, '--topic-prefix', prefix, '--group', `${prefix}group`]));
      loadAverages.push({ publish: publishLoad, ingest: ingestLoad });
      const i = ingests.at(-1)!;
      console.error(
        `${size} kafka run ${run + 1}: publish ${publishes.at(-1)!.seconds.toFixed(1)} s (load ${publishLoad.toFixed(1)}), ingest ${i.seconds.toFixed(1)} s wall, ${i.cpuSeconds.toFixed(1)} CPU s (load ${ingestLoad.toFixed(1)}), peak ${i.peakRssMb.toFixed(0)} MB`,
      );
    }
    return {
      partitions: Number(partitions),
      loader: process.env.BIDWATCH_LOADER === 'js' ? 'js' : 'sql',
      publishRecordsPerSecond: records / median(publishes.map((p) => p.seconds)),
      ingestRecordsPerSecond: records / median(ingests.map((i) => i.seconds)),
      ingestRecordsPerCpuSecond: records / median(ingests.map((i) => i.cpuSeconds)),
      publishSeconds: stats(publishes.map((p) => p.seconds)),
      ingestSeconds: stats(ingests.map((i) => i.seconds)),
      ingestCpuSeconds: stats(ingests.map((i) => i.cpuSeconds)),
      ingestPeakRssMb: stats(ingests.map((i) => i.peakRssMb)),
      loadAverages,
    };
  } catch (error) {
    console.error(`kafka measurement skipped: ${(error as Error).message.split('\n')[0]}`);
    return null;
  }
}

interface TimedCpu {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

/** timedCli with the process's CPU seconds (user + sys) too. */
function timedCliCpu(args: string[]): TimedCpu {
  const result = spawnSync('/usr/bin/time', ['-f', '__time %e %M %U %S', process.execPath, cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, CI: 'true' } });
  const match = /__time ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(result.stderr);
  if (result.status !== 0 || !match) throw new Error(`bidwatch ${args.join(' ')} failed:\n${result.stderr.slice(-2000)}`);
  return { seconds: Number(match[1]), peakRssMb: Number(match[2]) / 1024, cpuSeconds: Number(match[3]) + Number(match[4]) };
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log('\nsize   bids        records     load rec/s (min–max)            scan s (min–max)        peak RSS MB  rules s  per family (median s)');
for (const r of results as any[]) {
  const families = Object.entries(r.scan.perFamily as Record<string, { median: number }>).map(([f, s]) => `${f} ${fmt(s.median, 2)}`).join(', ');
  console.log(
    `${r.size.padEnd(6)} ${String(r.bids).padStart(10)} ${String(r.records).padStart(12)}  ${fmt(r.load.recordsPerSecond.median, 0).padStart(9)} (${fmt(r.load.recordsPerSecond.min, 0)}–${fmt(r.load.recordsPerSecond.max, 0)})`.padEnd(66) +
      `${fmt(r.scan.seconds.median).padStart(8)} (${fmt(r.scan.seconds.min)}–${fmt(r.scan.seconds.max)})`.padEnd(24) +
      `${fmt(r.scan.peakRssMb.median, 0).padStart(11)}  ${fmt(r.scan.stages.rules.median, 1).padStart(7)}  ${families}`,
  );
  if (r.javaScriptLoad) console.log(`       load with the JavaScript loader: ${fmt(r.javaScriptLoad.recordsPerSecond.median, 0)} rec/s (${fmt(r.javaScriptLoad.seconds.median)} s, peak ${fmt(r.javaScriptLoad.peakRssMb.median, 0)} MB)`);
  if (r.kafka) console.log(`       kafka (${r.kafka.partitions} partitions): publish ${fmt(r.kafka.publishRecordsPerSecond, 0)} rec/s, ingest ${fmt(r.kafka.ingestRecordsPerSecond, 0)} rec/s (${fmt(r.kafka.ingestRecordsPerCpuSecond, 0)} per CPU s)`);
}
console.log('\nper step, median s (min–max): load is its own process (peak RSS MB); the rest are stages of one scan');
for (const r of results as any[]) {
  const range = (s: { median: number; min: number; max: number }) => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
  console.log(
    `${r.size.padEnd(6)} load ${range(r.load.seconds)} [${fmt(r.load.peakRssMb.median, 0)} MB]; ` +
      Object.entries(r.scan.stages as Record<string, { median: number; min: number; max: number }>).map(([stage, s]) => `${stage} ${range(s)}`).join('; ') +
      `; scan total ${range(r.scan.seconds)} [${fmt(r.scan.peakRssMb.median, 0)} MB]`,
  );
}
const bySize = new Map((results as any[]).map((r) => [r.size, r]));
for (const [small, large] of [['100k', '1m'], ['1m', '10m']] as const) {
  const a = bySize.get(small);
  const b = bySize.get(large);
  if (!a || !b) continue;
  const dataRatio = b.records / a.records;
  const timeRatio = b.scan.seconds.median / a.scan.seconds.median;
  console.log(`growth ${small} → ${large}: data ×${fmt(dataRatio)}, load time ×${fmt(b.load.seconds.median / a.load.seconds.median)}, load RSS ×${fmt(b.load.peakRssMb.median / a.load.peakRssMb.median)}, scan RSS ×${fmt(b.scan.peakRssMb.median / a.scan.peakRssMb.median)}, scan time ×${fmt(timeRatio)} (${timeRatio / dataRatio > 1.25 ? 'super-linear' : 'near-linear'}; per-stage: ${Object.keys(a.scan.stages).map((s) => `${s} ×${fmt(b.scan.stages[s].median / Math.max(a.scan.stages[s].median, 1e-3))}`).join(', ')})`);
}
// The issue-16 targets, read off the medians above (docs/scale.md): what is met and what is not.
const targets: { what: string; value: number | undefined; unit: string; goal: number; atMost: boolean }[] = [
  { what: '1M bids load + scan + reports', value: bySize.get('1m')?.scan.seconds.median, unit: 's', goal: 60, atMost: true },
  { what: '10M bids load + scan + reports', value: bySize.get('10m')?.scan.seconds.median, unit: 's', goal: 600, atMost: true },
  { what: 'peak RSS of the 10M scan', value: bySize.get('10m')?.scan.peakRssMb.median, unit: 'MB', goal: 4096, atMost: true },
  { what: 'file load of the 1M set', value: bySize.get('1m')?.load.recordsPerSecond.median, unit: 'records/s', goal: 150_000, atMost: false },
  { what: 'file load of the 10M set', value: bySize.get('10m')?.load.recordsPerSecond.median, unit: 'records/s', goal: 150_000, atMost: false },
  { what: 'Kafka ingest', value: (results as any[]).find((r) => r.kafka)?.kafka.ingestRecordsPerSecond, unit: 'messages/s', goal: 50_000, atMost: false },
];
console.log('\ntargets (issue 16), medians:');
for (const t of targets) {
  if (t.value === undefined) {
    console.log(`  ${t.what}: not measured in this run`);
    continue;
  }
  const met = t.atMost ? t.value <= t.goal : t.value >= t.goal;
  console.log(`  ${t.what}: ${fmt(t.value, 0)} ${t.unit} (goal ${t.atMost ? '≤' : '≥'} ${fmt(t.goal, 0)}) ${met ? 'met' : 'NOT MET'}`);
}
mkdirSync(join('bench', 'results'), { recursive: true });
const file = values.results ?? join('bench', 'results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, results }, null, 2)}\n`);
console.log(`\nresults: ${file}`);
