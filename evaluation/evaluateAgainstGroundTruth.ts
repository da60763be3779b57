import { existsSync, readFileSync } from 'node:fs';
import type { Database } from '../db/Database.ts';
import { catalogueCodes } from '../rules/Rule.ts';

/** One line of the generator's `ground_truth.jsonl` (demo/README.md). */
export interface GroundTruthCase {
  case_id: string;
  detections: string[];
  kind: 'planted' | 'near_miss';
  tender_ids: string[];
  bid_ids: string[];
  award_ids: string[];
  contract_ids: string[];
  project_codes: string[];
  company_ids: string[];
  person_ids: string[];
}

export interface DetectionScore {
  detection: string;
  planted: number;
  found: number;
  recall: number | null;
  flags: number;
  truePositives: number;
  precision: number | null;
  nearMissesFlagged: number;
  missedCases: string[];
}

export interface Evaluation {
  perDetection: DetectionScore[];
  screenAuc: number | null;
  screenedTenders: number;
}

interface FlagIds {
  detection: string;
  tender_ids: string[];
  project_code: string | null;
  record_ids: string[];
  company_ids: string[];
}

/**
 * Detections about a company's pattern rather than a record: a flag matches their planted case by
 * its companies (the ring's members, the buyer), not by records. A ring counts as found when at least
 * two of its members are flagged together.
 */
const companyMatched: Record<string, number> = { A7: 2, C2: 1, E4: 1 };

function matches(flag: FlagIds, planted: GroundTruthCase): boolean {
  const minCompanies = companyMatched[flag.detection];
  if (minCompanies !== undefined) {
    const members = new Set(planted.company_ids);
    return flag.company_ids.filter((id) => members.has(id)).length >= minCompanies;
  }
  const caseIds = new Set([...planted.tender_ids, ...planted.bid_ids, ...planted.award_ids, ...planted.contract_ids, ...planted.project_codes]);
  const flagIds = [...flag.tender_ids, ...flag.record_ids, ...(flag.project_code ? [flag.project_code] : [])];
  return flagIds.some((id) => caseIds.has(id));
}

export function readGroundTruth(path: string): GroundTruthCase[] {
  if (!existsSync(path)) throw new Error(`ground truth not found: ${path} (scan a directory made by \`bidwatch generate\`)`);
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as GroundTruthCase);
}

/** Mann–Whitney AUC: the chance a random positive scores above a random negative (ties count half). */
export function rocAuc(positives: number[], negatives: number[]): number | null {
  if (positives.length === 0 || negatives.length === 0) return null;
  const all = [...positives.map((s) => ({ s, p: 1 })), ...negatives.map((s) => ({ s, p: 0 }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.s === all[i]!.s) j += 1;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k += 1) if (all[k]!.p === 1) rankSum += averageRank;
    i = j;
  }
  return (rankSum - (positives.length * (positives.length + 1)) / 2) / (positives.length * negatives.length);
}

/**
 * Compares the latest scan's flags with the generator's planted cases: per detection code,
 * recall (planted cases found by a flag of that code) and precision (flags of that code that
 * land on a planted case of that code), plus near-misses wrongly flagged, and the ROC AUC of
 * `tender_screens.score` against the tenders planted as collusive (A5).
 */
export async function evaluateAgainstGroundTruth(db: Database, truth: readonly GroundTruthCase[]): Promise<Evaluation> {
  const flags = await db.query<FlagIds>('select detection, tender_ids, project_code, record_ids, company_ids from flags');
  const perDetection = catalogueCodes.map((code): DetectionScore => {
    const planted = truth.filter((c) => c.kind === 'planted' && c.detections.includes(code));
    const nearMisses = truth.filter((c) => c.kind === 'near_miss' && c.detections.includes(code));
    const codeFlags = flags.filter((f) => f.detection === code);
    const found = planted.filter((c) => codeFlags.some((f) => matches(f, c)));
    const truePositives = codeFlags.filter((f) => planted.some((c) => matches(f, c))).length;
    return {
      detection: code,
      planted: planted.length,
      found: found.length,
      recall: planted.length > 0 ? found.length / planted.length : null,
      flags: codeFlags.length,
      truePositives,
      precision: codeFlags.length > 0 ? truePositives / codeFlags.length : null,
      nearMissesFlagged: nearMisses.filter((c) => codeFlags.some((f) => matches(f, c))).length,
      missedCases: planted.filter((c) => !found.includes(c)).map((c) => c.case_id),
    };
  });
  const screens = await db.query<{ tender_id: string; score: number | null }>(
    'select tender_id, score from tender_screens where run_id = (select max(run_id) from flags) and score is not null',
  ).catch(() => []);
  const collusive = new Set(truth.filter((c) => c.kind === 'planted' && c.detections.includes('A5')).flatMap((c) => c.tender_ids));
  const screenAuc = rocAuc(
    screens.filter((s) => collusive.has(s.tender_id)).map((s) => s.score!),
    screens.filter((s) => !collusive.has(s.tender_id)).map((s) => s.score!),
  );
  return { perDetection, screenAuc, screenedTenders: screens.length };
}
