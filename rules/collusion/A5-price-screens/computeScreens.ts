import { readFileSync } from 'node:fs';
import { DOUBLE, VARCHAR } from '@duckdb/node-api';
import { appendColumns } from '../../../db/appendColumns.ts';
import type { Database } from '../../../db/Database.ts';
import { ScreenModel } from './ScreenModel.ts';
import { predictCollusion } from './predictCollusion.ts';

const screensSql = readFileSync(new URL('./screens.sql', import.meta.url), 'utf8');
const scoreSql = readFileSync(new URL('./score.sql', import.meta.url), 'utf8');

export interface ScreenSettings {
  min_screen_bids: number;
  min_group_tenders: number;
  min_run_tenders: number;
  w_cv: number;
  screen_model: string | null;
}

/**
 * Detect and score: computes every screened tender's screens (screens.sql) and score (score.sql, or the
 * supervised model when one is given) into the temp table `a5_scored`, writes them to `tender_screens`
 * for the run, and returns notes for the scan summary about what could not be calibrated.
 */
export async function computeScreens(db: Database, runId: string, s: ScreenSettings): Promise<string[]> {
  await db.run(`create or replace temp table a5_screens as\n${screensSql}`, {
    min_screen_bids: s.min_screen_bids,
    min_group_tenders: s.min_group_tenders,
    min_run_tenders: s.min_run_tenders,
  });
  await db.run(`create or replace temp table a5_scored as\n${scoreSql}`, { w_cv: s.w_cv });
  if (s.screen_model !== null) await scoreWithModel(db, s.screen_model);

  // Every screened tender gets a row, so users can rank all of them, not only the flagged (outputs.md).
  await db.run('delete from tender_screens where run_id = $run_id', { run_id: runId });
  await db.run(
    `insert into tender_screens (run_id, tender_id, market, n_bids, cv, rd, spd, diffp, kurtosis, skewness, b1c, score)
     select $run_id, tender_id, coalesce(calibration_group, market), n_bids, cv, rd, spd, diffp, kurtosis, skewness, b1c, score
     from a5_scored`,
    { run_id: runId },
  );
  return calibrationNotes(db, s);
}

/** Replaces the score with the model's probability; the percentiles stay for the evidence. */
async function scoreWithModel(db: Database, path: string): Promise<void> {
  const model = ScreenModel.parse(JSON.parse(readFileSync(path, 'utf8')));
  const rows = await db.query<{ tender_id: string; cv: number | null; spd: number | null; diffp: number | null; rd: number | null; kurtosis: number | null; skewness: number | null; b1c: number | null }>(
    'select tender_id, cv, spd, diffp, rd, kurtosis, skewness, b1c from a5_scored',
  );
  await db.run('create or replace temp table a5_model_scores (tender_id varchar, probability double)');
  await appendColumns(db, 'a5_model_scores', [VARCHAR, DOUBLE], [rows.map((r) => r.tender_id), rows.map((r) => predictCollusion(model, r))]);
  await db.run(`create or replace temp table a5_scored as
    select a5_scored.* replace (a5_model_scores.probability as score)
    from a5_scored inner join a5_model_scores using (tender_id)`);
}

async function calibrationNotes(db: Database, s: ScreenSettings): Promise<string[]> {
  const [summary] = await db.query<{ screened: number; unscored: number; run_fallback: number; category_fallback: number; categories: number; markets: number; market: string | null }>(
    `select count(*)::double as screened,
            count(*) filter (where calibration_group is null)::double as unscored,
            count(*) filter (where group_kind = 'run')::double as run_fallback,
            count(*) filter (where group_kind = 'category')::double as category_fallback,
            count(distinct category)::double as categories,
            count(distinct market)::double as markets,
            min(market) as market
     from a5_screens`,
  );
  if (!summary || summary.screened === 0) return [];
  const notes: string[] = [];
  if (summary.unscored > 0) {
    notes.push(`market too small to calibrate: ${summary.unscored} screened tender(s), fewer than min_run_tenders ${s.min_run_tenders}; screens written, no score, no hits`);
  }
  if (summary.category_fallback > 0) {
    notes.push(`${summary.category_fallback} of ${summary.screened} screened tenders are in a category with fewer than min_group_tenders ${s.min_group_tenders} in their province: judged within their category across provinces`);
  }
  if (summary.run_fallback > 0) {
    notes.push(`${summary.run_fallback} of ${summary.screened} screened tenders are in categories with fewer than min_group_tenders ${s.min_group_tenders}: judged against the whole run`);
  }
  if (summary.categories === 1 && summary.markets === 1 && summary.unscored === 0) {
    notes.push(`single category and region (${summary.market}): all ${summary.screened} screened tenders are judged against one reference group`);
  }
  return notes;
}
