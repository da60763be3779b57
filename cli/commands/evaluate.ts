import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { Command } from '../Command.ts';
import { openForWrite } from '../openForWrite.ts';
import { DEMO_INPUT } from '../defaultPaths.ts';
import { evaluateAgainstGroundTruth, readGroundTruth, type Evaluation } from '../../evaluation/evaluateAgainstGroundTruth.ts';
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
    const truth = readGroundTruth(join(String(values.input), 'ground_truth.jsonl'));
    const db = await openForWrite(String(values.db));
    try {
      const evaluation = await evaluateAgainstGroundTruth(db, truth);
      printEvaluation(evaluation);
      if (values.json) writeFileSync(String(values.json), `${JSON.stringify(evaluation, null, 2)}\n`);
    } finally {
      db.close();
    }
  },
};

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
