/**
 * `npm run bench -- --cardinal [--sizes 100k,1m] [--runs 3]` (or `npx tsx bench/cardinalBench.ts …`)
 *
 * Issue 14 side by side: builds Cardinal once (bench/peers/buildCardinal.sh, git-ignored .peers/),
 * writes OCDS JSON Lines of 100k and 1M releases from the demo province (demo/writeOcdsReleases.ts,
 * cached under data/bench-ocds/), runs `ocdscardinal indicators` and `bidwatch indicators` with all
 * 11 indicators enabled, each run a fresh process timed by /usr/bin/time (wall, peak RSS), and prints
 * the medians, the time ratio bidwatch / Cardinal and whether the outputs are equal after Cardinal's
 * output is put in canonical order. The machine is shared: read medians, and say "under load".
 *
 * `--load` also times `bidwatch load --format ocds` on the same file, with the SQL mapping
 * (default) and the JavaScript one (`BIDWATCH_OCDS_MAPPER=js`), and prints releases per second.
 * `CARDINAL_BIN=/path/to/ocdscardinal` uses a binary already built elsewhere.
 * `--baseline DIR` also times `bidwatch indicators` from another checkout (e.g. `git archive` of an
 * earlier commit, with node_modules linked), in the same alternation, for before/after figures.
 * `BIDWATCH_PROFILE=1` makes `bidwatch indicators` print its stages' times on standard error.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateProvince } from '../demo/generateProvince.ts';
import { writeOcdsReleases } from '../demo/writeOcdsReleases.ts';
import { canonicalCardinal } from './peers/cardinalFixtures.ts';

const releasesPerSize: Record<string, number> = { '10k': 10_000, '100k': 100_000, '1m': 1_000_000 };

interface RunMeasure {
  seconds: number;
  /** User + system CPU seconds: steadier than wall time on a shared machine. */
  cpuSeconds: number;
  peakRssMb: number;
  stdout: string;
}

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): RunMeasure {
  const p = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', command, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env });
  if (p.status !== 0) throw new Error(`${command} exited ${p.status}: ${p.stderr.slice(-2000)}`);
  const last = p.stderr.trim().split('\n').at(-1)!.split(' ');
  return { seconds: Number(last[0]), cpuSeconds: Number(last[1]) + Number(last[2]), peakRssMb: Number(last[3]) / 1024, stdout: p.stdout };
}

const loadAverage = () => loadavg().map((l) => l.toFixed(1)).join(' ');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function cardinalBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { sizes: { type: 'string' }, runs: { type: 'string' }, load: { type: 'boolean' }, baseline: { type: 'string' } }, strict: false });
  const sizes = String(values.sizes ?? '100k,1m').split(',').map((s) => s.trim().toLowerCase());
  const runs = Number(values.runs ?? 3);
  const baselineDir = typeof values.baseline === 'string' ? resolve(values.baseline) : null;
  for (const size of sizes) if (!(size in releasesPerSize)) throw new Error(`unknown size ${size}; use ${Object.keys(releasesPerSize).join(', ')}`);

  const binary =
    process.env.CARDINAL_BIN ?? execFileSync('bash', ['bench/peers/buildCardinal.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').at(-1)!;
  const dir = 'data/bench-ocds';
  const provinceDir = join(dir, 'province');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(provinceDir, 'tenders.jsonl'))) await generateProvince({ outDir: provinceDir, scale: 1 });
  const settings = join(dir, 'all-indicators.ini');
  writeFileSync(settings, ['R003', 'R018', 'R024', 'R025', 'R028', 'R030', 'R035', 'R036', 'R038', 'R048', 'R058'].map((c) => `[${c}]`).join('\n') + '\n');

  console.log(`Cardinal ${execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim()} vs bidwatch indicators, all 11 indicators, median of ${runs}`);
  console.log('size      releases   cardinal s  cpu s  RSS MB   bidwatch s  cpu s  RSS MB   ratio  cpu ratio  equal  load average before → after');
  for (const size of sizes) {
    const file = join(dir, `releases-${size}.jsonl`);
    if (!existsSync(file)) await writeOcdsReleases({ provinceDir, outFile: file, releases: releasesPerSize[size] });
    const cardinal: RunMeasure[] = [];
    const bidwatch: RunMeasure[] = [];
    const baseline: RunMeasure[] = [];
    const loadBefore = loadAverage();
    // Alternating runs: both see the same share of a shared machine's load.
    for (let run = 0; run < runs; run++) {
      cardinal.push(timed(binary, ['indicators', '--settings', settings, file]));
      bidwatch.push(timed(process.execPath, ['bin/bidwatch.js', 'indicators', '--settings', settings, file]));
      if (baselineDir) baseline.push(timed(process.execPath, [join(baselineDir, 'bin/bidwatch.js'), 'indicators', '--settings', settings, file]));
    }
    const equal = canonicalCardinal(cardinal[0]!.stdout) === bidwatch[0]!.stdout;
    const c = median(cardinal.map((m) => m.seconds));
    const b = median(bidwatch.map((m) => m.seconds));
    const cc = median(cardinal.map((m) => m.cpuSeconds));
    const bc = median(bidwatch.map((m) => m.cpuSeconds));
    console.log(
      `${size.padEnd(8)} ${String(releasesPerSize[size]).padStart(9)}  ${c.toFixed(1).padStart(10)}  ${cc.toFixed(1).padStart(5)}  ${median(cardinal.map((m) => m.peakRssMb)).toFixed(0).padStart(6)}  ` +
        `${b.toFixed(1).padStart(11)}  ${bc.toFixed(1).padStart(5)}  ${median(bidwatch.map((m) => m.peakRssMb)).toFixed(0).padStart(6)}  ${(b / c).toFixed(2).padStart(5)}  ${(bc / cc).toFixed(2).padStart(9)}  ` +
        `${(equal ? 'yes' : 'NO').padEnd(5)}  ${loadBefore} → ${loadAverage()}`,
    );
    console.log(`         each run, wall s: cardinal ${cardinal.map((m) => m.seconds.toFixed(1)).join(' ')}; bidwatch ${bidwatch.map((m) => m.seconds.toFixed(1)).join(' ')}`);
    if (baselineDir) {
      const bb = median(baseline.map((m) => m.seconds));
      const bbc = median(baseline.map((m) => m.cpuSeconds));
      console.log(
        `         baseline ${baselineDir}: ${bb.toFixed(1)} s, ${bbc.toFixed(1)} CPU-s, ${median(baseline.map((m) => m.peakRssMb)).toFixed(0)} MB ` +
          `(ratio to Cardinal ${(bb / c).toFixed(2)}, CPU ${(bbc / cc).toFixed(2)}; output ${baseline[0]!.stdout === bidwatch[0]!.stdout ? 'same' : 'DIFFERENT'}); each run ${baseline.map((m) => m.seconds.toFixed(1)).join(' ')}`,
      );
    }
    if (!equal) writeFileSync(join(dir, `diff-${size}.txt`), `cardinal:\n${canonicalCardinal(cardinal[0]!.stdout)}\nbidwatch:\n${bidwatch[0]!.stdout}`);
    if (values.load) {
      for (const mapper of ['sql', 'js']) {
        const db = join(dir, `load-${size}.duckdb`);
        rmSync(db, { force: true });
        rmSync(`${db}.wal`, { force: true });
        const before = loadAverage();
        const run = timed(process.execPath, ['bin/bidwatch.js', 'load', '--format', 'ocds', file, '--db', db], { ...process.env, BIDWATCH_OCDS_MAPPER: mapper });
        rmSync(db, { force: true });
        rmSync(`${db}.wal`, { force: true });
        console.log(
          `         load --format ocds, ${mapper} mapping: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU, ${run.peakRssMb.toFixed(0)} MB, ` +
            `${Math.round(releasesPerSize[size]! / run.seconds)} releases/s (${Math.round(releasesPerSize[size]! / run.cpuSeconds)} per CPU second); load average ${before} → ${loadAverage()}`,
        );
      }
    }
  }
  console.log('(wall seconds, user+system CPU seconds and peak RSS per process, /usr/bin/time; ratio = bidwatch / Cardinal, medians; the machine is shared)');
}

if (process.argv[1]?.endsWith('cardinalBench.ts')) await cardinalBench(process.argv.slice(2));
