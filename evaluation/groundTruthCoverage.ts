import type { Database } from '../db/Database.ts';
import type { GroundTruthCase } from './evaluateAgainstGroundTruth.ts';

export interface GroundTruthCoverage {
  /** Distinct tenders the ground truth names (planted cases and near-misses). */
  tenders: number;
  /** How many of them the database holds. */
  inDatabase: number;
}

/**
 * How much of a ground truth the database holds: an evaluation against the ground truth of
 * another directory (or of another seed or scale) finds none of its tenders and would report a
 * recall of 0 as if the rules had missed everything.
 *
 * @example
 * const { tenders, inDatabase } = await groundTruthCoverage(db, readGroundTruth('data/demo/ground_truth.jsonl'));
 */
export async function groundTruthCoverage(db: Database, truth: readonly GroundTruthCase[]): Promise<GroundTruthCoverage> {
  const ids = [...new Set(truth.flatMap((c) => c.tender_ids ?? []))];
  if (ids.length === 0) return { tenders: 0, inDatabase: 0 };
  const [hasTenders] = await db.query<{ n: number }>("select count(*)::integer as n from duckdb_tables() where table_name = 'raw_tenders' and not temporary");
  if (!hasTenders || hasTenders.n === 0) return { tenders: ids.length, inDatabase: 0 };
  const [row] = await db.query<{ n: number }>('select count(*)::integer as n from raw_tenders where list_contains(cast($ids as varchar[]), id)', { ids });
  return { tenders: ids.length, inDatabase: row?.n ?? 0 };
}
