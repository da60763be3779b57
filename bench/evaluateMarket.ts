import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateProvince, type Vocabulary } from '../demo/generateProvince.ts';
import { Database } from '../db/Database.ts';
import { runScan } from '../cli/runScan.ts';
import { evaluateAgainstGroundTruth, readGroundTruth, type Evaluation } from '../evaluation/evaluateAgainstGroundTruth.ts';

export type MarketEvaluation = Evaluation & { profile: string; vocabulary: Vocabulary; seed: number; scale: number; leads: number };

/** Generates one market, scans it into a fresh database and scores the scan against its ground truth. */
export async function evaluateMarket(workdir: string, profile: 'default' | 'stressed', seedValue: number, scaleValue: number, vocabulary: Vocabulary = 'default'): Promise<MarketEvaluation> {
  const input = join(workdir, `${profile}${vocabulary === 'default' ? '' : `-${vocabulary}`}-${seedValue}-${scaleValue}`);
  rmSync(input, { recursive: true, force: true });
  await generateProvince({ outDir: input, seed: seedValue, scale: scaleValue, profile, vocabulary });
  const dbPath = `${input}.duckdb`;
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
  const db = await Database.open(dbPath);
  try {
    const summary = await runScan({ db, input, out: null });
    const evaluation = await evaluateAgainstGroundTruth(db, readGroundTruth(join(input, 'ground_truth.jsonl')));
    return { profile, vocabulary, seed: seedValue, scale: scaleValue, leads: summary.leads.leads, ...evaluation };
  } finally {
    db.close();
  }
}

