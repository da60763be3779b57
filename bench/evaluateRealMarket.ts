import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Database } from '../db/Database.ts';
import { runScan } from '../cli/runScan.ts';
import { rocAuc } from '../evaluation/evaluateAgainstGroundTruth.ts';
import type { Rule } from '../rules/Rule.ts';

/** Tender-level labels of a real market: `{tender_id: true}` when a cartel member bid (cartel-markets/README.md). */
export type TenderLabels = Record<string, boolean>;

export interface RuleOnMarket {
  ruleId: string;
  detection: string;
  tendersFlagged: number;
  /** Share of the flagged tenders labelled collusive. */
  precision: number | null;
  /** precision / base rate. */
  lift: number | null;
  /** tendersFlagged / tenders. */
  flagRate: number;
  /** The runner judged the rule non-discriminating on this market (flag rate above its ceiling): its hits stay out of the leads. */
  nonDiscriminating: boolean;
}

export interface RealMarketEvaluation {
  market: string;
  input: string;
  tenders: number;
  collusiveTenders: number;
  baseRate: number;
  /** ROC AUC on the tenders with ≥ 4 valid bids that have a score (the A5 flag threshold), beside −CV alone. */
  screens: { tenders: number; baseRate: number | null; aucScore: number | null; aucNegativeCv: number | null };
  rules: RuleOnMarket[];
  /** Issue 18 item 4: A7's ring leads, each with its firms and the labelled tenders it covers, and all together. */
  ringLeads: RingCover & { rings: (RingCover & { caseKey: string; firms: number })[]; lift: number | null };
  leads: {
    count: number;
    perTender: number;
    k: number;
    /** Lead-level: the top k leads by score; the share of labelled-collusive tenders among the tenders they cover. */
    leadPrecisionAtK: number | null;
    leadTendersAtK: number;
    leadLiftAtK: number | null;
    /** Tender-level: tenders ranked by the score of the best lead covering them; the share collusive in the top k. */
    tenderPrecisionAtK: number | null;
    tenderLiftAtK: number | null;
  };
  /** Issue 18's done-when: no rule beyond A1–A3 flags > 30 % of tenders, leads ≤ 30 % of tenders, precision@k ≥ 1.5× base (when base < 0.5). */
  checks: { maxFlagRateBeyondA1toA3: number; rulesOver30Percent: string[]; rulesOver30PercentKeptOutOfLeads: string[]; leadsWithin30Percent: boolean; precisionAtKLiftOk: boolean | null };
}

/** Labelled tenders a ring lead covers: how many, how many collusive, and their shares of all collusive and all clean tenders. */
export interface RingCover {
  tenders: number;
  collusive: number;
  shareOfCollusive: number | null;
  shareOfClean: number | null;
  precision: number | null;
}

export const PRECISION_AT_K_DEFINITION =
  'k = max(10, ceil(5 % of tenders)). Lead precision@k: rank leads by score (ties by lead id), take the top k, ' +
  'and report the share of labelled-collusive tenders among the distinct tenders those leads cover. Tender precision@k: ' +
  'give each tender the score of the best lead covering it, rank tenders (ties by tender id), and report the share ' +
  'collusive among the top k (fewer when fewer tenders are covered). Lift = precision / base rate (collusive share of all tenders).';

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** The labelled markets under `root`: every folder holding a `labels.json` and `tenders.jsonl`. */
export function findLabelledMarkets(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((name) => join(root, name))
    .filter((dir) => existsSync(join(dir, 'labels.json')) && existsSync(join(dir, 'tenders.jsonl')))
    .sort();
}

/** Scans one labelled real market (with every rule, or `rules`) into a fresh database and measures it against its labels. */
export async function evaluateRealMarket(workdir: string, input: string, rules?: readonly Rule[]): Promise<RealMarketEvaluation> {
  const market = basename(input);
  const labels = JSON.parse(readFileSync(join(input, 'labels.json'), 'utf8')) as TenderLabels;
  const dbPath = join(workdir, `real-${market}.duckdb`);
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
  const db = await Database.open(dbPath);
  try {
    const summary = await runScan({ db, input, out: null, rules });
    const tenderIds = Object.keys(labels);
    const tenders = tenderIds.length;
    const collusiveTenders = tenderIds.filter((id) => labels[id]).length;
    const baseRate = collusiveTenders / tenders;
    const isCollusive = (id: string) => labels[id] === true;

    const screens = await db.query<{ tender_id: string; score: number; cv: number }>(
      'select tender_id, score, cv from tender_screens where run_id = $run_id and n_bids >= 4 and score is not null',
      { run_id: summary.runId },
    ).catch(() => []);
    const screened = screens.filter((s) => s.tender_id in labels);
    const positives = screened.filter((s) => isCollusive(s.tender_id));
    const negatives = screened.filter((s) => !isCollusive(s.tender_id));

    const flagged = await db.query<{ rule_id: string; detection: string; tender_id: string }>(
      // A non-discriminating rule's hits were withheld from flags (rules/runRules.ts); the table
      // still shows how much of the market it would have flagged, and at what precision.
      `select distinct rule_id, detection, unnest(tender_ids) as tender_id from flags where run_id = $run_id
       union select distinct rule_id, detection, unnest(tender_ids) from withheld_flags where run_id = $run_id`,
      { run_id: summary.runId },
    );
    const perRule = summary.rules.map((rule): RuleOnMarket => {
      const ids = [...new Set(flagged.filter((f) => f.rule_id === rule.ruleId && f.tender_id in labels).map((f) => f.tender_id))];
      const precision = ratio(ids.filter(isCollusive).length, ids.length);
      return { ruleId: rule.ruleId, detection: rule.detection, tendersFlagged: ids.length, precision, lift: precision === null ? null : ratio(precision, baseRate), flagRate: ids.length / tenders, nonDiscriminating: rule.nonDiscriminating };
    });

    const leads = await db.query<{ lead_id: string; score: number; tender_ids: string[] }>(
      'select lead_id, score, tender_ids from leads where last_seen_run = $run_id order by score desc, lead_id',
      { run_id: summary.runId },
    );
    const k = Math.max(10, Math.ceil(0.05 * tenders));
    const leadTenders = [...new Set(leads.slice(0, k).flatMap((l) => l.tender_ids).filter((id) => id in labels))];
    const leadPrecisionAtK = ratio(leadTenders.filter(isCollusive).length, leadTenders.length);
    const bestLeadScore = new Map<string, number>();
    for (const lead of leads) for (const id of lead.tender_ids) if (id in labels && !bestLeadScore.has(id)) bestLeadScore.set(id, lead.score);
    const rankedTenders = [...bestLeadScore.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], undefined, { numeric: true })).slice(0, k);
    const tenderPrecisionAtK = ratio(rankedTenders.filter(([id]) => isCollusive(id)).length, rankedTenders.length);

    // Issue 18 item 4: each ring lead's firms and the share of labelled collusive and clean tenders its tenders cover.
    const ringHits = await db.query<{ case_key: string; company_ids: string[]; tender_ids: string[] }>(
      "select case_key, company_ids, tender_ids from flags where run_id = $run_id and detection = 'A7' and case_key is not null order by case_key",
      { run_id: summary.runId },
    );
    const cleanTenders = Object.values(labels).filter((label) => label === false).length;
    const coverOf = (ids: string[]): RingCover => {
      const labelled = [...new Set(ids)].filter((id) => id in labels);
      const collusive = labelled.filter(isCollusive).length;
      return {
        tenders: labelled.length,
        collusive,
        shareOfCollusive: ratio(collusive, collusiveTenders),
        shareOfClean: ratio(labelled.length - collusive, cleanTenders),
        precision: ratio(collusive, labelled.length),
      };
    };
    const rings = ringHits.map((hit) => ({ caseKey: hit.case_key, firms: hit.company_ids.length, ...coverOf(hit.tender_ids) }));
    const allRings = coverOf(ringHits.flatMap((hit) => hit.tender_ids));
    const ringLeads = { rings, ...allRings, lift: allRings.precision === null ? null : ratio(allRings.precision, baseRate) };

    const beyond = perRule.filter((r) => !['A1', 'A2', 'A3'].includes(r.detection));
    const maxFlagRateBeyondA1toA3 = Math.max(0, ...beyond.map((r) => r.flagRate));
    return {
      market,
      input,
      tenders,
      collusiveTenders,
      baseRate,
      screens: {
        tenders: screened.length,
        baseRate: ratio(positives.length, screened.length),
        aucScore: rocAuc(positives.map((s) => s.score), negatives.map((s) => s.score)),
        aucNegativeCv: rocAuc(positives.map((s) => -s.cv), negatives.map((s) => -s.cv)),
      },
      rules: perRule,
      ringLeads,
      leads: {
        count: leads.length,
        perTender: leads.length / tenders,
        k,
        leadPrecisionAtK,
        leadTendersAtK: leadTenders.length,
        leadLiftAtK: leadPrecisionAtK === null ? null : ratio(leadPrecisionAtK, baseRate),
        tenderPrecisionAtK,
        tenderLiftAtK: tenderPrecisionAtK === null ? null : ratio(tenderPrecisionAtK, baseRate),
      },
      checks: {
        maxFlagRateBeyondA1toA3,
        // A rule over 30 % that the runner kept out of the leads (non-discriminating) is listed apart: it flags, but no lead rests on it.
        rulesOver30Percent: beyond.filter((r) => r.flagRate > 0.3 && !r.nonDiscriminating).map((r) => r.ruleId),
        rulesOver30PercentKeptOutOfLeads: beyond.filter((r) => r.flagRate > 0.3 && r.nonDiscriminating).map((r) => r.ruleId),
        leadsWithin30Percent: leads.length / tenders <= 0.3,
        precisionAtKLiftOk: baseRate < 0.5 ? (leadPrecisionAtK ?? 0) >= 1.5 * baseRate : null,
      },
    };
  } finally {
    db.close();
  }
}
