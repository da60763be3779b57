import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openForWrite } from '../openForWrite.ts';
import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import { ProgressBar } from '../ProgressBar.ts';
import { runScan, type ScanSummary } from '../runScan.ts';
import { rules } from '../../rules/registry.ts';
import { withDependencies } from '../../rules/withDependencies.ts';
import { checkParameterFile } from '../checkParameterFile.ts';
import { formatRuleStatus } from '../formatRuleStatus.ts';
import { demoInputExists, generateDemoIfMissing } from '../generateDemoIfMissing.ts';
import { printLoadSummary } from '../printLoadSummary.ts';
import { printOcdsLoadSummary } from '../printOcdsLoadSummary.ts';
import { cliErrorFromOcdsInput } from '../cliErrorFromOcdsInput.ts';
import { DEFAULT_DATABASE, DEFAULT_REPORT_DIRECTORY, DEMO_INPUT } from '../defaultPaths.ts';
import { ensureWritableDirectory } from '../ensureWritableDirectory.ts';
import { inspectInputDirectory } from '../../ingest/inspectInputDirectory.ts';
import { countRawRecords } from '../../ingest/countRawRecords.ts';

export const scanCommand: Command = {
  name: 'scan',
  summary: 'Load records, run every rule, build case leads and write the reports (the nightly job).',
  usage: '[--input DIR | --no-load | --format ocds FILE|DIR] [--db FILE] [--out DIR] [--params FILE] [--rules IDS] [--screen-model FILE]',
  allowPositionals: true,
  options: {
    input: { type: 'string', short: 'i', valueName: 'dir', description: `directory of <type>.jsonl files to load first (without --input and --db: the demo province, generated into ${DEMO_INPUT} on first use)` },
    db: { type: 'string', valueName: 'file', description: `DuckDB database file, created if missing (default: ${DEFAULT_DATABASE}, the demo database)` },
    out: { type: 'string', short: 'o', default: DEFAULT_REPORT_DIRECTORY, valueName: 'dir', description: 'report folder: <out>/<run id>/ and <out>/latest/' },
    format: { type: 'string', default: 'records', valueName: 'format', description: 'records (<type>.jsonl, the record contract) or ocds (an OCDS file or directory: docs/ocds-mapping.md)' },
    'no-load': { type: 'boolean', description: 'scan what the database holds (after `bidwatch ingest`); load no files' },
    params: { type: 'string', valueName: 'file', description: 'JSON parameter overrides by rule id, e.g. {"E1-short-bid-period":{"min_days":15}}' },
    rules: { type: 'string', valueName: 'ids', description: 'comma-separated rule ids or detection codes to run (default: all)' },
    'run-id': { type: 'string', valueName: 'id', description: 'run id to use (default: run-<UTC timestamp>)' },
    json: { type: 'boolean', description: 'print the scan summary as JSON instead of text' },
    'screen-model': { type: 'string', valueName: 'file', description: 'score A5 price screens with a supervised model from `bidwatch screens train` (default: the unsupervised score)' },
  },
  details: `Examples:
  bidwatch scan                                   # demo data → data/bidwatch.duckdb → reports/out/latest/
  bidwatch scan --input /data/tonight --db /srv/bidwatch.duckdb --out /srv/reports
  bidwatch ingest --db /srv/bidwatch.duckdb && bidwatch scan --db /srv/bidwatch.duckdb --no-load

The demo province is loaded only into the demo database (${DEFAULT_DATABASE}): a scan with --db loads
nothing unless --input is given. A database remembers where its records came from, and generated
data and real records are never loaded into the same one.`,
  async run(values, positionals) {
    const noLoad = values['no-load'] === true;
    const format = values.format === 'ocds' ? 'ocds' : 'records';
    if (values.format !== format) throw new CliError(`unknown --format ${String(values.format)}: records or ocds`);
    const dbPath = values.db === undefined ? DEFAULT_DATABASE : String(values.db);
    let input: string | null;
    if (format === 'ocds') {
      // OCDS is a file or a folder of them, named as the argument or with --input; never the demo.
      input = positionals[0] ?? (values.input as string | undefined) ?? null;
      if (noLoad || input === null) throw new CliError('scan --format ocds needs a FILE or DIR (an OCDS file or a folder of them), and loads it: it does not go with --no-load');
      if (!existsSync(input)) throw new CliError(`input file or directory not found: ${input}`);
    } else {
      if (positionals.length > 0) throw new CliError(`unexpected argument ${positionals[0]}: name the directory with --input (or use --format ocds FILE|DIR)`);
      input = await chooseInput(values.input as string | undefined, noLoad, dbPath);
      if (input !== null) inspectInputDirectory(input);
    }
    const selected = values.rules ? selectRules(String(values.rules)) : rules;
    const parameters: Record<string, Record<string, unknown>> = values.params ? checkParameterFile(String(values.params), readParameters(String(values.params)), selected) : {};
    if (values['screen-model']) {
      const model = String(values['screen-model']);
      if (!existsSync(model)) throw new CliError(`screen model not found: ${model}`);
      parameters['A5-price-screens'] = { ...parameters['A5-price-screens'], screen_model: model };
    }
    ensureWritableDirectory(String(values.out), '--out');

    const db = await openForWrite(dbPath);
    try {
      if (noLoad && (await countRawRecords(db)) === 0) {
        throw new CliError(
          `database ${dbPath} holds no records, so there is nothing to scan: load some first (\`bidwatch load --input DIR --db ${dbPath}\` or \`bidwatch ingest --db ${dbPath}\`), or run scan with --input DIR`,
        );
      }
      const bar = new ProgressBar('load');
      const summary = await runScan({
        db,
        input,
        format,
        out: String(values.out),
        runId: values['run-id'] as string | undefined,
        parameters,
        rules: selected,
        onLoadProgress: (p) => bar.update(p.allBytesRead, p.allBytesTotal, `${p.type} ${p.linesRead.toLocaleString()} lines`),
        onLoadWarning: (line) => console.error(`bidwatch scan: ${line}`),
        onStage: (stage, seconds) => {
          if (stage === 'load') bar.done(`done in ${seconds.toFixed(1)} s`);
          else if (!values.json) console.error(`${stage.padEnd(12)} done in ${seconds.toFixed(1)} s`);
        },
      }).catch(cliErrorFromOcdsInput);
      if (values.json) console.log(JSON.stringify(summary, null, 2));
      else printScanSummary(summary);
      // Issue 11.3: the other rules' results are kept and reported; the failure still fails the scan.
      const failed = summary.rules.filter((rule) => rule.status === 'failed');
      if (failed.length > 0) console.error(`\n${failed.length} rule(s) failed (the others' results are kept): ${failed.map((rule) => rule.ruleId).join(', ')}`);
      if (failed.length > 0) return 1;
    } finally {
      db.close();
    }
  },
};

/**
 * What a scan loads: --input when given; nothing with --no-load; the demo province only into the
 * demo database. A scan of a named database never falls back to the demo: that once loaded it
 * into a production database and overwrote real records that shared an id.
 */
async function chooseInput(input: string | undefined, noLoad: boolean, dbPath: string): Promise<string | null> {
  if (noLoad) {
    if (input !== undefined) throw new CliError('--input and --no-load exclude each other: --input loads files before the scan, --no-load scans only what the database holds');
    return null;
  }
  if (input !== undefined) return input;
  if (resolve(dbPath) !== resolve(DEFAULT_DATABASE)) {
    throw new CliError(
      `scan --db ${dbPath} loads nothing by itself: add --input DIR to load a directory of <type>.jsonl files first, ` +
        `or --no-load to scan what the database holds (after \`bidwatch ingest\`). ` +
        `The demo province goes only into the demo database, ${DEFAULT_DATABASE}: run \`bidwatch scan\` without --db for it.`,
    );
  }
  if (!demoInputExists()) await generateDemoIfMissing();
  return DEMO_INPUT;
}


function readParameters(path: string): Record<string, Record<string, unknown>> {
  if (!existsSync(path)) throw new CliError(`parameter file not found: ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, unknown>>;
  } catch (error) {
    throw new CliError(`parameter file ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function selectRules(list: string) {
  const wanted = list.split(',').map((s) => s.trim()).filter(Boolean);
  const selected = rules.filter((rule) => wanted.includes(rule.id) || wanted.includes(rule.detection));
  const unknown = wanted.filter((w) => !rules.some((rule) => rule.id === w || rule.detection === w));
  if (unknown.length > 0) throw new CliError(`unknown rule(s): ${unknown.join(', ')}. Known: ${rules.map((r) => r.id).join(', ')}`);
  return withDependencies(selected, rules);
}

function printScanSummary(summary: ScanSummary): void {
  if (summary.ocds) printOcdsLoadSummary(summary.ocds);
  else if (summary.load) printLoadSummary(summary.load);
  console.log(`\nmodels: ${summary.models.models.length} built, ${summary.models.checks} invariant checks passed`);
  const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);
  console.log('\nrule                                   status     hits  coverage  flag rate   seconds');
  for (const rule of summary.rules) {
    console.log(`${rule.ruleId.padEnd(38)} ${rule.status.padEnd(8)} ${String(rule.hits).padStart(6)} ${percent(rule.coverage).padStart(9)} ${percent(rule.flagRate).padStart(10)} ${rule.seconds.toFixed(2).padStart(9)}`);
  }
  const noteworthy = summary.rules.filter((rule) => rule.status !== 'ran' || rule.nonDiscriminating);
  // Rules that say the same thing (a family with no inputs here, e.g. the OCDS indicators on a
  // record-contract market) are said once, so the few that matter are not lost in a list.
  const byStatus = new Map<string, string[]>();
  for (const rule of noteworthy) {
    const status = formatRuleStatus(rule);
    byStatus.set(status, [...(byStatus.get(status) ?? []), rule.ruleId]);
  }
  for (const [status, ids] of byStatus) console.log(`  ${ids.length > 2 ? `${ids[0]} … ${ids.at(-1)} (${ids.length} rules)` : ids.join(', ')}: ${status}`);
  const notes = summary.rules.flatMap((rule) => rule.notes.map((note) => `${rule.ruleId}: ${note}`));
  if (notes.length > 0) console.log(`\nnotes (not hits):\n${notes.map((note) => `  ${note}`).join('\n')}`);
  const gaps = Object.entries(summary.dataGaps);
  if (gaps.length > 0) console.log(`\ndata gaps (not hits): ${gaps.map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
  console.log(`\nleads: ${summary.leads.leads} in this scan (${summary.leads.newLeads} new, ${summary.leads.carriedOver} carried over), ${summary.leads.inactive} earlier leads not seen this time (kept)`);
  console.log(`run: ${summary.runId}`);
  if (summary.reportDirectory) console.log(`reports: ${summary.reportDirectory}/html/index.html (open in a browser), leads.md, leads.json, leads.csv`);
}
