import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import { openForWrite } from '../openForWrite.ts';
import { DEFAULT_DATABASE } from '../defaultPaths.ts';
import { fitScreenModel } from '../../rules/collusion/A5-price-screens/fitScreenModel.ts';
import { predictCollusion } from '../../rules/collusion/A5-price-screens/predictCollusion.ts';
import type { ScreenValues } from '../../rules/collusion/A5-price-screens/ScreenModel.ts';
import { rocAuc } from '../../evaluation/evaluateAgainstGroundTruth.ts';

interface LabelledScreens extends ScreenValues {
  tender_id: string;
  announced_at: string | null;
  score: number | null;
  label: boolean;
}

const timeBlocks = 5;
const auc = (rows: { label: boolean }[], scores: number[]) =>
  rocAuc(scores.filter((_, i) => rows[i]!.label), scores.filter((_, i) => !rows[i]!.label));
const format = (value: number | null) => (value === null ? '—' : value.toFixed(3));

/**
 * Rolling-origin evaluation: the tenders in time order are cut into blocks; each block is scored by a
 * model fitted on all earlier blocks only, and the AUC is taken over the pooled out-of-time scores.
 * Random folds would let a model learn from tenders after the ones it scores (drift, regime changes).
 */
function crossValidate(rows: LabelledScreens[], lambda: number) {
  const size = Math.ceil(rows.length / timeBlocks);
  const tested: LabelledScreens[] = [];
  const predicted: number[] = [];
  for (let block = 1; block < timeBlocks; block += 1) {
    const train = rows.slice(0, block * size);
    const test = rows.slice(block * size, (block + 1) * size);
    const positives = train.filter((r) => r.label).length;
    if (test.length === 0 || positives < 3 || positives === train.length) continue;
    const model = fitScreenModel(train, train.map((r) => r.label), lambda, { tenders: train.length, positives, labels: '', cross_validated_auc: null });
    tested.push(...test);
    predicted.push(...test.map((r) => predictCollusion(model, r)));
  }
  return { tested, model: auc(tested, predicted), negativeCv: auc(tested, tested.map((r) => -(r.cv ?? 0))), score: auc(tested.filter((r) => r.score !== null), tested.filter((r) => r.score !== null).map((r) => r.score!)) };
}

export const screensCommand: Command = {
  name: 'screens',
  summary: 'Price screens (A5): `screens train` fits an optional supervised model on labelled tenders for `scan --screen-model`.',
  usage: 'train --labels FILE [--db FILE] --output FILE [--lambda X] [--min-bids N]',
  allowPositionals: true,
  options: {
    labels: { type: 'string', valueName: 'file', description: 'JSON {tender_id: true|false}, true = collusive (e.g. a cartel-markets labels.json)' },
    db: { type: 'string', default: DEFAULT_DATABASE, valueName: 'file', description: 'a database a scan has written tender_screens to' },
    output: { type: 'string', short: 'o', valueName: 'file', description: 'where to write the model JSON' },
    lambda: { type: 'string', default: '1', valueName: 'x', description: 'ridge penalty on the standardised coefficients' },
    'min-bids': { type: 'string', default: '4', valueName: 'n', description: 'train on tenders with at least this many valid bids (A5 flags only from 4)' },
  },
  details: `Fits a ridge logistic regression (IRLS) on the latest scan's screens of the labelled tenders (log CV, log SPD,
log DIFFP, RD, kurtosis, skewness, lowest bid / ceiling; winsorised, median-imputed, standardised) and prints its
AUC out of time: tenders ordered by announcement, ${timeBlocks} blocks, each scored by a model fitted on the earlier
blocks only, beside −CV and the unsupervised score on the same tenders. The unsupervised score stays the default:
on the labelled Japanese and Brazilian markets the model lost to −CV out of time.
Example:
  bidwatch scan --input /work/shared/data/cartel-markets/brazil --db brazil.duckdb --rules A5
  bidwatch screens train --labels /work/shared/data/cartel-markets/brazil/labels.json --db brazil.duckdb --output brazil-model.json
  bidwatch scan --input other-market --db other.duckdb --screen-model brazil-model.json`,
  async run(values, positionals) {
    if (positionals.join(' ') !== 'train') throw new CliError('usage: bidwatch screens train --labels FILE --db FILE --output FILE');
    if (!values.labels || !values.output) throw new CliError('--labels and --output are required');
    const labelsPath = String(values.labels);
    if (!existsSync(labelsPath)) throw new CliError(`labels file not found: ${labelsPath}`);
    const labels = JSON.parse(readFileSync(labelsPath, 'utf8')) as Record<string, boolean>;
    const lambda = Number(values.lambda);
    const minBids = Number(values['min-bids']);
    if (!(lambda >= 0) || !Number.isInteger(minBids)) throw new CliError('--lambda must be ≥ 0 and --min-bids an integer');
    const dbPath = String(values.db);
    if (!existsSync(dbPath)) throw new CliError(`database not found: ${dbPath} (run \`bidwatch scan\` first)`);
    const db = await openForWrite(dbPath);
    let rows: LabelledScreens[];
    try {
      const screens = await db.query<Omit<LabelledScreens, 'label'>>(
        `select screens.tender_id, cast(tenders.announced_at as varchar) as announced_at, screens.score,
                screens.cv, screens.spd, screens.diffp, screens.rd, screens.kurtosis, screens.skewness, screens.b1c
         from tender_screens as screens
         left join mart_tenders as tenders using (tender_id)
         where screens.run_id = (select max(run_id) from tender_screens) and screens.n_bids >= $min_bids`,
        { min_bids: minBids },
      ).catch(() => { throw new CliError(`no tender_screens in ${dbPath}: run \`bidwatch scan\` (with rule A5) first`); });
      rows = screens.filter((s) => typeof labels[s.tender_id] === 'boolean').map((s) => ({ ...s, label: labels[s.tender_id]! }));
    } finally {
      db.close();
    }
    const positives = rows.filter((r) => r.label).length;
    if (positives < 3 || positives === rows.length) throw new CliError(`need labelled collusive and clean tenders with ≥ ${minBids} bids; found ${positives} of ${rows.length}`);
    rows.sort((a, b) => (a.announced_at ?? '').localeCompare(b.announced_at ?? '') || a.tender_id.localeCompare(b.tender_id, undefined, { numeric: true }));

    const validation = crossValidate(rows, lambda);
    console.log(`labelled tenders with ≥ ${minBids} bids: ${rows.length} (${positives} collusive), ordered by announcement`);
    console.log(`time-ordered cross-validation (${timeBlocks} blocks, each scored by a model fitted on the earlier ones): ${validation.tested.length} tenders scored, ${validation.tested.filter((r) => r.label).length} collusive`);
    console.log(`  AUC model ${format(validation.model)} · −CV ${format(validation.negativeCv)} · tender_screens.score ${format(validation.score)}`);
    const model = fitScreenModel(rows, rows.map((r) => r.label), lambda, { tenders: rows.length, positives, labels: labelsPath, cross_validated_auc: validation.model });
    writeFileSync(String(values.output), `${JSON.stringify(model, null, 2)}\n`);
    console.log(`model on all ${rows.length} tenders: intercept ${model.intercept.toFixed(3)}; ${model.features.map((f, j) => `${f} ${model.coefficients[j]!.toFixed(3)}`).join(', ')} (standardised)`);
    console.log(`written: ${String(values.output)} (use: bidwatch scan --screen-model ${String(values.output)})`);
  },
};
