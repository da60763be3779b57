import { readFileSync } from 'node:fs';
import { DOUBLE, VARCHAR } from '@duckdb/node-api';
import { appendColumns } from '../db/appendColumns.ts';
import type { Database } from '../db/Database.ts';
import type { Family, Rule, RuleCoverage, RuleHit, RuleKind } from './Rule.ts';
import { RuleError } from './RuleError.ts';
import { ensureFlagTables } from './ensureFlagTables.ts';
import { installRuleMacros } from './installRuleMacros.ts';
import { checkParameterOverrides, type ParameterOverrides } from './checkParameterOverrides.ts';
import { orderRules } from './orderRules.ts';
import { runnerParameterNames } from './parameterSchema.ts';
import { registeredRules } from './registry.generated.ts';

export type { ParameterOverrides } from './checkParameterOverrides.ts';

/** `ran`; `skipped` for lack of data (coverage 0); `failed` (the scan goes on, then exits non-zero). */
export type RuleStatus = 'ran' | 'skipped' | 'failed';

export interface RuleRunResult {
  ruleId: string;
  detection: string;
  family: Family;
  kind: RuleKind;
  status: RuleStatus;
  /** Why the rule was skipped ("no bid-file traces in this database") or failed (the error). */
  reason: string | null;
  /** Candidate rows (the rule's `coverage.candidates`), and those with every input present. */
  candidates: number;
  covered: number;
  /** covered / candidates; null without candidates. */
  coverage: number | null;
  inputs: { name: string; present: number }[];
  hits: number;
  /** What the flag rate counts, eligible = units of the covered candidates, flagged = of those, the ones a hit names. */
  unit: RuleCoverage['unit'];
  eligible: number;
  flagged: number;
  flagRate: number | null;
  /** The ceiling the rule's flag rate is held to; null for the statutory traces A1–A3 (kind `trace`). */
  maxFlagRate: number | null;
  /** Flag rate above the ceiling: the hits are moved to withheld_flags (evidence.non_discriminating), out of flags and leads. */
  nonDiscriminating: boolean;
  /**
   * What is not a hit but a reader must know: a rule named in `after` that was not in this run, or
   * what the rule said about its inputs (RuleContext.note: "market too small to calibrate").
   */
  notes: string[];
  seconds: number;
}

const unitKey: Record<RuleCoverage['unit'], { candidate: string; flagged: string }> = {
  tender: { candidate: 'tender_id', flagged: 'select distinct unnest(tender_ids) as unit from flags where run_id = $run_id and rule_id = $rule_id' },
  contract: { candidate: 'contract_id', flagged: 'select distinct unnest(record_ids) as unit from flags where run_id = $run_id and rule_id = $rule_id' },
  project: { candidate: 'project_code', flagged: 'select distinct project_code as unit from flags where run_id = $run_id and rule_id = $rule_id' },
  process: { candidate: 'ocid', flagged: 'select distinct unnest(record_ids) as unit from flags where run_id = $run_id and rule_id = $rule_id' },
};

/**
 * Runs rules against the built marts and writes their hits to `flags` for `runId` (replacing
 * the previous scan's flags, which move to `flag_history`). Every hit's evidence gets the
 * parameters the rule ran with, so a reviewer sees which thresholds were crossed.
 *
 * Before anything runs, all parameter overrides are checked (unknown rule, unknown key, bad
 * value) and the rules ordered by `after`. Then for each rule: its declared tables and columns
 * must exist; its coverage is measured and a rule with none is skipped, since absent data is
 * never evidence; a rule that throws is recorded as failed and the others go on; a statistical
 * rule flagging more than `max_flag_rate` of its eligible units is non-discriminating there, and
 * its hits move from `flags` to `withheld_flags`.
 *
 * @throws ParameterOverrideError, RuleError `bad_dependencies`: before any rule runs.
 */
export async function runRules(
  db: Database,
  runId: string,
  rules: readonly Rule[],
  overrides: ParameterOverrides = {},
  onRule?: (result: RuleRunResult) => void,
): Promise<RuleRunResult[]> {
  const parametersByRule = checkParameterOverrides(overrides, rules, registeredRules);
  const ordered = orderRules(rules, registeredRules);
  await ensureFlagTables(db);
  await installRuleMacros(db);
  await db.run('insert into flag_history select * from flags where run_id <> $run_id', { run_id: runId });
  await db.run('delete from flags');
  await db.run('delete from withheld_flags where run_id = $run_id', { run_id: runId });
  const results: RuleRunResult[] = [];
  // No rule reads a table in the order its rows were written (each orders what it shows), so DuckDB need not keep
  // that order in the temp tables and hits the rules write: it may then write them in parallel without holding rows
  // back (the setting DuckDB's documentation gives for memory-bound statements). Flags identical on the 1M set;
  // measured in docs/scale.md. The load keeps the order (file line numbers come from it), hence the rules only.
  await db.withSettings({ preserve_insertion_order: 'false' }, async () => {
    for (const rule of ordered) {
      const result = await runOneRule(db, runId, rule, parametersByRule.get(rule.id)!, results);
      results.push(result);
      onRule?.(result);
    }
  });
  // Reported in the order given (the catalogue's), whatever order they ran in.
  return rules.map((rule) => results.find((result) => result.ruleId === rule.id)!);
}

async function runOneRule(db: Database, runId: string, rule: Rule, parameters: Record<string, unknown>, earlier: RuleRunResult[]): Promise<RuleRunResult> {
  const started = performance.now();
  const maxFlagRate = rule.kind === 'trace' ? null : Number(parameters.max_flag_rate);
  const result: RuleRunResult = {
    ruleId: rule.id, detection: rule.detection, family: rule.family, kind: rule.kind, status: 'ran', reason: null,
    candidates: 0, covered: 0, coverage: null, inputs: [], hits: 0, unit: rule.coverage.unit, eligible: 0, flagged: 0,
    flagRate: null, maxFlagRate, nonDiscriminating: false, notes: dependencyNotes(rule, earlier), seconds: 0,
  };
  const finish = (status: RuleStatus, reason: string | null) => {
    result.status = status;
    result.reason = reason;
    result.seconds = (performance.now() - started) / 1000;
    return result;
  };
  try {
    await checkReads(db, rule);
    Object.assign(result, await measureCoverage(db, rule));
    const skip = skipReason(rule, result);
    if (skip) return finish('skipped', skip);
    const ruleParameters = Object.fromEntries(Object.entries(parameters).filter(([name]) => !runnerParameterNames.includes(name)));
    if (rule.evaluate.kind === 'sql') {
      await rule.evaluate.prepare?.(db, ruleParameters as never);
      const sql = readFileSync(rule.evaluate.file, 'utf8');
      await db.run(`create or replace temp table rule_hits as\n${sql}`, ruleParameters);
    } else {
      await writeCodeHits(db, await rule.evaluate.run({ db, runId, note: (message) => result.notes.push(message) }, ruleParameters as never));
    }
    result.hits = await insertFlags(db, rule, runId, parameters);
    const heldToCeiling = maxFlagRate !== null && result.eligible >= Number(parameters.min_units_for_flag_rate) ? maxFlagRate : null;
    Object.assign(result, await measureFlagRate(db, rule, runId, result.eligible, heldToCeiling));
  } catch (error) {
    const message = error instanceof RuleError ? error.message : `rule ${rule.id}: ${(error as Error).message}`;
    // A rule that fails leaves no hits behind: half a rule's output would read as its verdict.
    await db.run('delete from flags where run_id = $run_id and rule_id = $rule_id', { run_id: runId, rule_id: rule.id });
    result.hits = 0;
    return finish('failed', message);
  }
  return finish('ran', null);
}

function dependencyNotes(rule: Rule, earlier: RuleRunResult[]): string[] {
  return (rule.after ?? []).flatMap((id) => {
    const dependency = earlier.find((result) => result.ruleId === id);
    if (!dependency) return [`${id} not in this run: its output is not read`];
    return dependency.status === 'ran' ? [] : [`${id} ${dependency.status}: its output is not read`];
  });
}

/** Every declared table and column must exist (marts, or the result tables of `after` rules). */
async function checkReads(db: Database, rule: Rule): Promise<void> {
  const rows = await db.query<{ table_name: string; column_name: string }>(
    'select table_name, column_name from information_schema.columns where table_name in (select unnest($tables::varchar[]))',
    { tables: Object.keys(rule.reads) },
  );
  const columns = new Map<string, Set<string>>();
  for (const row of rows) columns.set(row.table_name, (columns.get(row.table_name) ?? new Set()).add(row.column_name));
  const missing = Object.entries(rule.reads).flatMap(([table, needed]) =>
    !columns.has(table) ? [table] : needed.filter((column) => !columns.get(table)!.has(column)).map((column) => `${table}.${column}`),
  );
  if (missing.length > 0) throw new RuleError(rule.id, 'missing_input_table', `declared input(s) not in the database: ${missing.join(', ')}`);
}

async function measureCoverage(db: Database, rule: Rule): Promise<Pick<RuleRunResult, 'candidates' | 'covered' | 'coverage' | 'inputs' | 'eligible'>> {
  const { candidates, where, inputs, unit } = rule.coverage;
  // Each input's test is evaluated once per candidate, in the CTE: written into every count it was evaluated up to
  // three times, and a test such as `project_manager_id in (select … from a view)` rebuilt the view each time.
  const present = inputs.map((_, index) => `present_${index}`);
  const all = present.length > 0 ? present.join(' and ') : 'true';
  // The declaration is code (rule.ts), not data: it is spliced in like the rule's own SQL file.
  const [row] = await db.query<Record<string, number>>(
    `with candidates as (
       select ${unitKey[unit].candidate} as unit${inputs.map((input, index) => `, coalesce(${input.present}, false) as present_${index}`).join('')}
       from ${candidates}${where ? ` where ${where}` : ''}
     )
     select count(*)::double as candidates,
            count(*) filter (where ${all})::double as covered,
            count(distinct unit) filter (where ${all})::double as eligible
            ${present.map((name, index) => `, count(*) filter (where ${name})::double as input_${index}`).join('')}
     from candidates`,
  );
  const candidateCount = row?.candidates ?? 0;
  return {
    candidates: candidateCount,
    covered: row?.covered ?? 0,
    coverage: candidateCount > 0 ? (row?.covered ?? 0) / candidateCount : null,
    inputs: inputs.map((input, index) => ({ name: input.name, present: row?.[`input_${index}`] ?? 0 })),
    eligible: row?.eligible ?? 0,
  };
}

function skipReason(rule: Rule, result: RuleRunResult): string | null {
  if (result.candidates === 0) return `no ${rule.coverage.candidates}${rule.coverage.where ? ` (${rule.coverage.where})` : ''} rows in this database`;
  if (result.covered > 0) return null;
  const absent = result.inputs.filter((input) => input.present === 0);
  const names = (absent.length > 0 ? absent : result.inputs).map((input) => input.name);
  return `no ${names.join(absent.length > 0 ? ', no ' : ' together with ')} in this database`;
}

async function measureFlagRate(
  db: Database, rule: Rule, runId: string, eligible: number, maxFlagRate: number | null,
): Promise<Pick<RuleRunResult, 'flagged' | 'flagRate' | 'nonDiscriminating'>> {
  const { candidates, where, inputs, unit } = rule.coverage;
  const all = inputs.length > 0 ? inputs.map((input) => `(${input.present})`).join(' and ') : 'true';
  const [row] = await db.query<{ flagged: number }>(
    // Only the flagged units' candidates are tested for eligibility (a semi join first), not every candidate.
    `with flagged as (${unitKey[unit].flagged}),
     eligible as (
       select distinct candidates.${unitKey[unit].candidate} as unit
       from ${candidates} as candidates
       semi join flagged on flagged.unit = candidates.${unitKey[unit].candidate}
       where ${where ? `(${where}) and ` : ''}${all}
     )
     select count(*)::double as flagged from eligible`,
    { run_id: runId, rule_id: rule.id },
  );
  const flagged = row?.flagged ?? 0;
  const flagRate = eligible > 0 ? flagged / eligible : null;
  const nonDiscriminating = maxFlagRate !== null && flagRate !== null && flagRate > maxFlagRate;
  if (nonDiscriminating) {
    // A rule that flags most of a market says nothing about any one tender there (issue 18): its
    // hits leave `flags` (so no count, view or lead treats them as findings) for `withheld_flags`,
    // marked with the rate that withheld them, where an analyst can still read them.
    const parameters = { run_id: runId, rule_id: rule.id, flag_rate: Math.round(flagRate * 10_000) / 10_000, max_flag_rate: maxFlagRate };
    await db.run(
      `insert into withheld_flags by name
       select * replace (json_merge_patch(evidence, json_object('non_discriminating', true, 'flag_rate', $flag_rate, 'max_flag_rate', $max_flag_rate)) as evidence)
       from flags where run_id = $run_id and rule_id = $rule_id`,
      parameters,
    );
    await db.run('delete from flags where run_id = $run_id and rule_id = $rule_id', { run_id: runId, rule_id: rule.id });
  }
  return { flagged, flagRate, nonDiscriminating };
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
