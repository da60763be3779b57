import { readFileSync } from 'node:fs';
import { DOUBLE, VARCHAR } from '@duckdb/node-api';
import { appendColumns } from '../db/appendColumns.ts';
import type { Database } from '../db/Database.ts';
import type { Rule, RuleHit } from './Rule.ts';
import { RuleError } from './RuleError.ts';
import { ensureFlagTables } from './ensureFlagTables.ts';

/** Parameter overrides by rule id, e.g. `{ "C1-split-awards": { "window_days": 180 } }`. */
export type ParameterOverrides = Record<string, Record<string, unknown>>;

export interface RuleRunResult {
  ruleId: string;
  detection: string;
  hits: number;
  seconds: number;
  /** What the rule said about its inputs that is not a hit (RuleContext.note). */
  notes: string[];
}

/**
 * Runs rules against the built marts and writes their hits to `flags` for `runId` (replacing
 * the previous scan's flags, which move to `flag_history`). Every hit's evidence gets the
 * parameters the rule ran with, so a reviewer sees which thresholds were crossed.
 */
export async function runRules(
  db: Database,
  runId: string,
  rules: readonly Rule[],
  overrides: ParameterOverrides = {},
  onRule?: (result: RuleRunResult) => void,
): Promise<RuleRunResult[]> {
  await ensureFlagTables(db);
  await db.run('insert into flag_history select * from flags where run_id <> $run_id', { run_id: runId });
  await db.run('delete from flags');
  const results: RuleRunResult[] = [];
  for (const rule of rules) {
    const started = performance.now();
    const parsed = rule.parameters.safeParse(overrides[rule.id] ?? {});
    if (!parsed.success) {
      throw new RuleError(rule.id, 'bad_parameters', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    }
    const parameters = parsed.data as Record<string, unknown>;
    const notes: string[] = [];
    try {
      if (rule.evaluate.kind === 'sql') {
        const sql = readFileSync(rule.evaluate.file, 'utf8');
        await db.run(`create or replace temp table rule_hits as\n${sql}`, parameters);
      } else {
        await writeCodeHits(db, await rule.evaluate.run({ db, runId, note: (message) => notes.push(message) }, parameters as never));
      }
    } catch (error) {
      if (error instanceof RuleError) throw error;
      throw new RuleError(rule.id, 'evaluation_failed', (error as Error).message, { cause: error });
    }
    const hits = await insertFlags(db, rule, runId, parameters);
    const result = { ruleId: rule.id, detection: rule.detection, hits, seconds: (performance.now() - started) / 1000, notes };
    results.push(result);
    onRule?.(result);
  }
  return results;
}

const optionalHitColumns: Record<string, string> = {
  tender_ids: 'null::varchar[]',
  project_code: 'null::varchar',
  person_ids: 'null::varchar[]',
  case_key: 'null::varchar',
};
const requiredHitColumns = ['tender_id', 'company_ids', 'record_ids', 'score', 'evidence'];

async function insertFlags(db: Database, rule: Rule, runId: string, parameters: Record<string, unknown>): Promise<number> {
  const described = await db.query<{ column_name: string }>('describe rule_hits');
  const present = new Set(described.map((c) => c.column_name));
  const missing = requiredHitColumns.filter((c) => !present.has(c));
  if (missing.length > 0) throw new RuleError(rule.id, 'bad_hits', `hit rows lack column(s) ${missing.join(', ')}`);
  const column = (name: string) => (present.has(name) ? `hit.${name}` : optionalHitColumns[name]!);
  const clean = (list: string) => `list_sort(list_distinct(list_filter(coalesce(${list}, []::varchar[]), x -> x is not null)))`;
  const [row] = await db.query<{ n: number }>('select count(*)::double as n from rule_hits');
  await db.run(
    `insert into flags
     select
       $run_id,
       substr(md5(concat_ws('|', $rule_id, coalesce(hit.tender_id, ''), coalesce(${column('case_key')}, ''),
         array_to_string(${clean('hit.record_ids')}, ','))), 1, 16),
       $rule_id, $detection, $family,
       hit.tender_id,
       ${clean(`list_concat(${column('tender_ids')}, case when hit.tender_id is null then []::varchar[] else [hit.tender_id] end)`)},
       coalesce(${column('project_code')}, tenders.project_code),
       ${clean('hit.company_ids')},
       ${clean(column('person_ids'))},
       ${clean('hit.record_ids')},
       least(greatest(coalesce(hit.score, 0), 0), 1),
       json_merge_patch(cast(hit.evidence as json), json_object('parameters', cast($parameters as json))),
       ${column('case_key')},
       null
     from rule_hits as hit
     left join mart_tenders as tenders on tenders.tender_id = hit.tender_id`,
    { run_id: runId, rule_id: rule.id, detection: rule.detection, family: rule.family, parameters: JSON.stringify(parameters) },
  );
  return row?.n ?? 0;
}

/** Code rules return hits in memory; they reach `rule_hits` through one appender pass. */
async function writeCodeHits(db: Database, hits: RuleHit[]): Promise<void> {
  await db.run(`create or replace temp table code_hits (
    tender_id varchar, tender_ids varchar, project_code varchar, company_ids varchar, person_ids varchar,
    record_ids varchar, score double, evidence varchar, case_key varchar)`);
  await appendColumns(db, 'code_hits', [VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, DOUBLE, VARCHAR, VARCHAR], [
    hits.map((h) => h.tender_id),
    hits.map((h) => JSON.stringify(h.tender_ids ?? [])),
    hits.map((h) => h.project_code ?? null),
    hits.map((h) => JSON.stringify(h.company_ids)),
    hits.map((h) => JSON.stringify(h.person_ids ?? [])),
    hits.map((h) => JSON.stringify(h.record_ids)),
    hits.map((h) => h.score),
    hits.map((h) => JSON.stringify(h.evidence)),
    hits.map((h) => h.case_key ?? null),
  ]);
  await db.run(`create or replace temp table rule_hits as
    select tender_id,
           cast(cast(tender_ids as json) as varchar[]) as tender_ids,
           project_code,
           cast(cast(company_ids as json) as varchar[]) as company_ids,
           cast(cast(person_ids as json) as varchar[]) as person_ids,
           cast(cast(record_ids as json) as varchar[]) as record_ids,
           score,
           cast(evidence as json) as evidence,
           case_key
    from code_hits`);
}
