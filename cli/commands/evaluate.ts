import { join } from 'node:path';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import { openForWrite } from '../openForWrite.ts';
import { DEMO_INPUT } from '../defaultPaths.ts';
import { evaluateAgainstGroundTruth, readGroundTruth, type Evaluation, type GroundTruthCase } from '../../evaluation/evaluateAgainstGroundTruth.ts';
import { groundTruthCoverage } from '../../evaluation/groundTruthCoverage.ts';
import { DEFAULT_DATABASE } from '../defaultPaths.ts';

export const evaluateCommand: Command = {
  name: 'eval',
  summary: "Compare the latest scan's flags with the generator's planted cases: recall and precision per detection.",
  usage: '[--input DIR] [--db FILE] [--json FILE]',
  options: {
    input: { type: 'string', short: 'i', default: DEMO_INPUT, valueName: 'dir', description: 'the generated directory holding ground_truth.jsonl' },
    db: { type: 'string', default: DEFAULT_DATABASE, valueName: 'file', description: 'the database the scan wrote' },
    json: { type: 'string', valueName: 'file', description: 'also write the figures as JSON to this file' },
  },
  details: 'Run `bidwatch scan --input DIR` first. Recall = planted cases found / planted; precision = flags on a planted case of the same code / flags.',
  async run(values) {
    const input = String(values.input);
    const dbPath = String(values.db);
    const truth = readTruthOf(input);
    if (!existsSync(dbPath)) throw new CliError(`database not found: ${dbPath}. Scan the generated directory first: bidwatch scan --input ${input} --db ${dbPath}`);
    const db = await openForWrite(dbPath);
    try {
      const [scanned] = await db.query<{ n: number }>("select count(*)::integer as n from duckdb_tables() where table_name = 'flags' and not temporary");
      if (!scanned || scanned.n === 0) throw new CliError(`database ${dbPath} has not been scanned yet: run bidwatch scan --input ${input} --db ${dbPath} first`);
      const coverage = await groundTruthCoverage(db, truth);
      // Below half, the database holds another market: recall would measure the mismatch, not the rules.
      if (coverage.inDatabase * 2 < coverage.tenders) {
        throw new CliError(
          `the ground truth of ${input} does not describe database ${dbPath}: ${coverage.inDatabase} of the ${coverage.tenders} tenders it names are in the database. ` +
            `Scan that directory into it first (bidwatch scan --input ${input} --db ${dbPath}), or point --db at the database that scan wrote.`,
        );
      }
      if (coverage.inDatabase < coverage.tenders) {
        console.error(`bidwatch eval: ${coverage.tenders - coverage.inDatabase} of the ${coverage.tenders} ground-truth tenders are not in ${dbPath} (dead-lettered?); their cases count as missed`);
      }
      const evaluation = await evaluateAgainstGroundTruth(db, truth);
      printEvaluation(evaluation);
      if (values.json) writeFileSync(String(values.json), `${JSON.stringify(evaluation, null, 2)}\n`);
    } finally {
      db.close();
    }
  },
};

/** The ground truth the generator wrote into `input`, or a message that says why there is none. */
function readTruthOf(input: string): GroundTruthCase[] {
  if (!existsSync(input) || !statSync(input).isDirectory()) throw new CliError(`not a directory: ${input} (expected the directory \`bidwatch generate\` wrote, with ground_truth.jsonl)`);
  const path = join(input, 'ground_truth.jsonl');
  if (!existsSync(path)) {
    throw new CliError(
      `no ground truth in ${input}: eval compares a scan with the cases planted by \`bidwatch generate\` (its ground_truth.jsonl), so it only measures generated data. ` +
        'Give --input the directory the generator wrote and the scan read.',
    );
  }
  let truth: GroundTruthCase[];
  try {
    truth = readGroundTruth(path);
  } catch (error) {
    throw new CliError(`${path} is not a ground truth file: ${(error as Error).message}`);
  }
  if (truth.length === 0) throw new CliError(`${path} lists no cases: nothing to evaluate against`);
  return truth;
}

const ratio = (value: number | null) => (value === null ? '   —' : value.toFixed(2).padStart(4));

export function printEvaluation(evaluation: Evaluation): void {
  console.log('code  planted  found  recall   flags   true  precision  near-miss-flagged  missed');
  for (const row of evaluation.perDetection) {
    console.log(
      `${row.detection.padEnd(4)} ${String(row.planted).padStart(8)} ${String(row.found).padStart(6)}   ${ratio(row.recall)} ${String(row.flags).padStart(7)} ${String(row.truePositives).padStart(6)}       ${ratio(row.precision)} ${String(row.nearMissesFlagged).padStart(18)}  ${row.missedCases.slice(0, 5).join(',')}`,
    );
  }
  console.log(`price screens: ROC AUC ${evaluation.screenAuc === null ? '— (no screens or no planted A5 tenders)' : evaluation.screenAuc.toFixed(3)} over ${evaluation.screenedTenders} screened tenders`);
}
