import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import type { Database } from '../../db/Database.ts';

/** Cardinal (config 0.13) accepts only `.ini`, and tries `FILE.ini` for a path without an extension. */
function settingsPath(path: string): string {
  if (extname(path) === '') return `${path}.ini`;
  if (extname(path) !== '.ini') throw new CliError(`configuration file "${path}" is not of a registered file format`);
  return path;
}

/**
 * With BIDWATCH_PROFILE=1, each stage's wall and CPU seconds (the whole process: DuckDB's threads
 * too) on standard error, from the process start; stdout keeps only Cardinal's JSON.
 */
function stageTimer(): (name: string) => void {
  if (process.env.BIDWATCH_PROFILE !== '1') return () => undefined;
  let wall = performance.timeOrigin;
  let cpu = { user: 0, system: 0 };
  stageLine('start-up', Date.now() - wall, process.cpuUsage());
  wall = Date.now();
  cpu = process.cpuUsage();
  return (name) => {
    const used = process.cpuUsage(cpu);
    stageLine(name, Date.now() - wall, used);
    wall = Date.now();
    cpu = process.cpuUsage();
  };
}

function stageLine(name: string, wallMs: number, cpu: NodeJS.CpuUsage): void {
  process.stderr.write(`profile: ${name.padEnd(10)} ${(wallMs / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} CPU-s\n`);
}

/** Releases below which two connections share the models and indicators: two of DuckDB's row groups. */
const SHARED_INDICATORS_BELOW = 2 * 122_880;

/** The releases a kept database (`--db`) holds, with those it held before this load. */
async function countStoredReleases(db: Database): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::double as n from raw_ocds_release_fields');
  return row?.n ?? 0;
}

export const indicatorsCommand: Command = {
  name: 'indicators',
  summary: "Compute Cardinal's red-flag indicators on OCDS compiled releases (JSON Lines), with Cardinal's settings and output.",
  usage: '[--settings FILE.ini] [--no-meta] [--map] [--count] [--db FILE] [--threads N] FILE|-',
  allowPositionals: true,
  options: {
    settings: { type: 'string', short: 's', valueName: 'file.ini', description: "Cardinal's settings file (INI); without it no indicator runs" },
    'no-meta': { type: 'boolean', description: 'leave out the "Meta" statistics (quartiles, fences)' },
    map: { type: 'boolean', description: 'add "Maps": the tenderers behind each flagged process' },
    count: { type: 'boolean', short: 'c', description: 'print the number of results per group on standard error' },
    db: { type: 'string', valueName: 'file', description: 'load into this DuckDB file (kept) instead of a temporary in-memory database' },
    threads: { type: 'string', valueName: 'n', description: 'threads to use (default: the number of cores)' },
  },
  details: `Reproduces \`ocdscardinal indicators\` (Cardinal 0.0.8, the Open Contracting Partnership's CLI):
the same 11 indicators (R003 R018 R024 R025 R028 R030 R035 R036 R038 R048 R058), settings and JSON,
written in a canonical key order (identifiers and codes sorted). See docs/cardinal-semantics.md.
Example: bidwatch indicators --settings settings.ini --map releases.jsonl`,
  async run(values, positionals) {
    const stage = stageTimer();
    if (positionals.length !== 1) throw new CliError('expected one FILE (OCDS compiled releases as JSON Lines, or - for standard input)');
    // The rules' modules load while DuckDB reads the file (awaited after the load).
    const indicatorModules = import('../../rules/ocds/runCardinalIndicators.ts');
    const [{ Database }, { loadOcdsReleases, dropInPlaceFields }, { parseCardinalSettings, CardinalSettingsError }] = await Promise.all([
      import('../../db/Database.ts'),
      import('../../ingest/ocds/loadOcdsReleases.ts'),
      import('../../rules/ocds/CardinalSettings.ts'),
    ]);
    stage('imports');
    let settings = parseCardinalSettings('');
    if (values.settings !== undefined) {
      const path = settingsPath(String(values.settings));
      if (!existsSync(path)) throw new CliError(`configuration file "${path}" not found`);
      try {
        settings = parseCardinalSettings(readFileSync(path, 'utf8'));
      } catch (error) {
        if (error instanceof CardinalSettingsError) throw new CliError(`${path}: ${error.message}`);
        throw error;
      }
    }
    if (settings.priceComparisonProcurementMethods.length > 0 && settings.noPriceComparisonProcurementMethods.length > 0) {
      console.error('warning: no_price_comparison_procurement_methods has no effect if price_comparison_procurement_methods is set.');
    }

    // On a machine already busy, 1 thread can be quicker for small files (measured at load ≈ 5.5 on
    // 100k releases: 10.0–10.8 s against 13.8–19.4 s); at 1M releases 2 threads were (49.8 s against 87.1 s).
    const threads = values.threads === undefined ? availableParallelism() : Number(values.threads);
    if (!Number.isInteger(threads) || threads < 1) throw new CliError(`--threads: expected a whole number of threads, got "${String(values.threads)}"`);

    let file = positionals[0]!;
    let scratch: string | null = null;
    if (file === '-') {
      scratch = mkdtempSync(join(tmpdir(), 'bidwatch-indicators-'));
      file = join(scratch, 'stdin.jsonl');
      await pipeline(process.stdin, createWriteStream(file));
    } else if (!existsSync(file) || !statSync(file).isFile()) {
      throw new CliError(`${file}: no such file`);
    }
    const db = await Database.open(values.db ? String(values.db) : ':memory:');
    let second: Awaited<ReturnType<typeof Database.open>> | null = null;
    stage('open');
    // An in-memory database spills past its memory limit (BIDWATCH_MEMORY_LIMIT, default 2 GB) into
    // temp_directory, which would otherwise be `.tmp` in the working directory.
    scratch ??= mkdtempSync(join(tmpdir(), 'bidwatch-indicators-'));
    try {
      await db.run(`set temp_directory = '${scratch.replace(/'/g, "''")}'`);
      await db.run(`set threads = ${threads}`);
      // Only the paths the indicators read are kept (ingest/ocds/ocdsReleaseFields.ts), not whole
      // releases; in a throwaway database not even those, once the models hold what they need.
      const inPlace = !values.db;
      const loaded = await loadOcdsReleases(db, file, { fieldsOnly: true, inPlace });
      const { runCardinalIndicators } = await indicatorModules;
      stage('load');
      // Every order the indicators depend on is explicit (seq, bid_index); without keeping row order
      // DuckDB builds the models and rule tables with less work and memory.
      await db.run('set preserve_insertion_order = false');
      // A second connection shares the models, the preparation and the indicators
      // (computeCardinalIndicators) on small files, where the release-level tables are one or two of
      // DuckDB's row groups (122,880 rows), which it scans on one thread each. DuckDB's threads are one
      // fewer (a global setting): each connection also runs its statement on the thread that called
      // it, so on 2 cores each has one and DuckDB's workers do not contend with them. Against one
      // connection with every thread (2 cores, alternating runs, 2026-12-08): 100k releases 1.0 →
      // 0.92 s after the read, 200k 4.15 → 4.00 s in all; 400k 7.50 against 7.49 s; at 1M one run
      // set favoured two (20.4 → 19.2 s), another one (19.0 against 19.6 s), and two held 0.3–0.6 GB
      // more. So two below two row groups, where they clearly help.
      const releases = inPlace ? loaded.accepted : await countStoredReleases(db);
      if (threads > 1 && releases < SHARED_INDICATORS_BELOW) {
        second = await db.connectAgain();
        await db.run(`set threads = ${threads - 1}`);
      }
      const result = await runCardinalIndicators(db, settings, {
        meta: !values['no-meta'],
        map: Boolean(values.map),
        connections: second ? [second] : [],
        // Nothing reads the fields once the models hold them: at 1M releases they take ~1.2 GB.
        afterModels: inPlace ? () => dropInPlaceFields(db) : undefined,
      });
      stage('indicators');
      for (const warning of result.warnings) console.error(`warning: ${warning}`);
      process.stdout.write(result.text);
      stage('output');
      if (values.count) for (const line of result.counts) console.error(line);
    } finally {
      second?.close();
      db.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
  },
};
