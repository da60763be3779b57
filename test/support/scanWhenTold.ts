/**
 * A nightly scan in its own process that pauses mid-way on cue: it loads models and starts the
 * rules (so it holds DuckDB's lock and has written to the file), prints "paused" at its first
 * code rule, waits for a line on stdin, then finishes (leads, merge of desk reviews) and exits.
 * The desk test submits a review during that pause.
 *
 * Usage: node --import tsx test/support/scanWhenTold.ts DB_FILE RUN_ID
 */
import { createInterface } from 'node:readline';
import { Database } from '../../db/Database.ts';
import { runScan } from '../../cli/runScan.ts';
import { rules } from '../../rules/registry.ts';
import type { Rule } from '../../rules/Rule.ts';

const [path, runId] = process.argv.slice(2);
const waitForLine = async () => {
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();
};
const pauseAt = rules.find((rule) => rule.evaluate.kind === 'code')!;
const paused = rules.map((rule): Rule => {
  if (rule !== pauseAt || rule.evaluate.kind !== 'code') return rule;
  const run = rule.evaluate.run;
  return { ...rule, evaluate: { ...rule.evaluate, run: async (context, parameters) => {
    console.log('paused');
    await waitForLine();
    return run(context, parameters);
  } } } as Rule;
});
const db = await Database.open(path!);
try {
  await runScan({ db, input: null, out: null, runId, rules: paused });
  console.log('scanned');
} finally {
  db.close();
}
