import { readFileSync } from 'node:fs';
import type { RuleEvaluator, RuleHit } from '../Rule.ts';
import { installTenderThresholds } from './installTenderThresholds.ts';
import type { TenderThresholdParameters } from './tenderThresholdParameters.ts';

/** A hit row as the SQL returns it; the optional hit columns may be absent. */
interface HitRow {
  tender_id: string | null;
  tender_ids?: string[] | null;
  project_code?: string | null;
  company_ids: string[] | null;
  person_ids?: string[] | null;
  record_ids: string[] | null;
  score: number | null;
  evidence: string;
  case_key?: string | null;
}

/**
 * A SQL rule that needs the must-tender thresholds. Before the query runs,
 * `installTenderThresholds` builds `ref_tender_thresholds`, `threshold_of_tender` and
 * `threshold_of_contract` from the rule's own threshold parameters, so the SQL joins them. The
 * SQL file follows the contract of a plain SQL rule (hit columns, `$name` parameters, last line
 * `select * from final`).
 *
 * @example
 * evaluate: withTenderThresholds(new URL('./rule.sql', import.meta.url)),
 */
export function withTenderThresholds<P extends TenderThresholdParameters>(file: URL): RuleEvaluator<P> {
  return {
    kind: 'code',
    run: async ({ db }, parameters) => {
      await installTenderThresholds(db, parameters);
      const sql = readFileSync(file, 'utf8');
      const rows = await db.query<HitRow>(
        `select * replace (evidence::varchar as evidence) from (\n${sql}\n) as hit`,
        parameters,
      );
      return rows.map(
        (row): RuleHit => ({
          tender_id: row.tender_id,
          tender_ids: row.tender_ids ?? [],
          project_code: row.project_code ?? null,
          company_ids: row.company_ids ?? [],
          person_ids: row.person_ids ?? [],
          record_ids: row.record_ids ?? [],
          score: row.score ?? 0,
          evidence: JSON.parse(row.evidence) as RuleHit['evidence'],
          case_key: row.case_key ?? null,
        }),
      );
    },
  };
}
