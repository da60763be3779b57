/**
 * `npm run eval [-- --seed N] [-- --scale X] [-- --out FILE]`
 *
 * Detection quality on fresh generated markets: for each market (the default profile, a
 * "stressed" one: bigger rings, noisier collusive prices, fewer bidders per tender, and the default
 * profile in the "real" vocabulary: free-text requirements with grade clauses and the harder
 * variants real markets show) it generates
 * the province with the seed, scans it into a fresh database and prints, per detection code,
 * planted / found / recall and flags / true / precision, plus the ROC AUC of
 * `tender_screens.score` against the tenders planted as collusive. Then it scans every labelled real
 * market under --markets (default $BIDWATCH_REAL_MARKETS or /work/shared/data/cartel-markets; a folder per
 * market with labels.json) and prints screen AUCs, per-rule precision and flag rates, and lead precision@k.
 * Writes the figures as JSON (default bench/results/eval-<seed>.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { printEvaluation } from '../cli/commands/evaluate.ts';
import { evaluateMarket } from './evaluateMarket.ts';
import { evaluateRealMarket, findLabelledMarkets, PRECISION_AT_K_DEFINITION } from './evaluateRealMarket.ts';
import { printRealMarkets } from './printRealMarkets.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '20261122' },
    scale: { type: 'string', default: '1' },
    out: { type: 'string' },
    workdir: { type: 'string', default: join('data', 'eval') },
    markets: { type: 'string', default: process.env.BIDWATCH_REAL_MARKETS ?? '/work/shared/data/cartel-markets' },
    'real-only': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('usage: npm run eval -- [--seed N] [--scale X] [--out FILE] [--workdir DIR] [--markets DIR] [--real-only]');
  process.exit(0);
}
const seed = Number(values.seed);
const scale = Number(values.scale);
if (!Number.isInteger(seed) || !(scale > 0)) throw new Error('--seed must be an integer and --scale a positive number');

mkdirSync(values.workdir!, { recursive: true });
const markets = [];
for (const [profile, vocabulary] of values['real-only'] ? [] : ([['default', 'default'], ['stressed', 'default'], ['default', 'real']] as const)) {
  const name = vocabulary === 'default' ? profile : `${profile}, vocabulary ${vocabulary}`;
  console.log(`\n=== market "${name}" (seed ${seed}, scale ${scale}) ===`);
  const result = await evaluateMarket(values.workdir!, profile, seed, scale, vocabulary);
  printEvaluation(result);
  markets.push(result);
}
const realMarkets = [];
for (const input of findLabelledMarkets(values.markets!)) {
  console.error(`scanning real market ${input} …`);
  realMarkets.push(await evaluateRealMarket(values.workdir!, input));
}
printRealMarkets(realMarkets);
const out = values.out ?? join('bench', 'results', `eval-${seed}.json`);
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, `${JSON.stringify({ seed, scale, markets, realMarkets, precisionAtK: PRECISION_AT_K_DEFINITION }, null, 2)}\n`);
console.log(`\nresults: ${out}`);
