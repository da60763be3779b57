import { readFileSync } from 'node:fs';
import { DOUBLE, LIST, VARCHAR, listValue, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { RuleEvaluator, RuleHit } from '../Rule.ts';

/**
 * A SQL rule whose parameters include lists (`methods: ['open']`) or tables (a JSON object):
 * `runRules` binds scalars only (DuckDB cannot infer a type for a bare JS array), so this
 * evaluator binds arrays of scalars as typed DuckDB lists (`VARCHAR[]`, or `DOUBLE[]` for
 * numbers) and objects or arrays of objects (parameter tables) as JSON text (read them with
 * `cast($name as json)`), runs the SQL file and returns
 * its rows as hits. The SQL is written exactly like a `kind: 'sql'` rule file: the day the
 * runner binds lists itself, the rule switches back with a one-line change.
 *
 * Hits are few (one per suspicious tender or person), so the round trip through JS is cheap;
 * the work stays set-based in DuckDB.
 *
 * @example
 * evaluate: boundSqlEvaluator(new URL('./rule.sql', import.meta.url)),
 */
export function boundSqlEvaluator<P extends Record<string, unknown>>(file: URL): RuleEvaluator<P> {
  return {
    kind: 'code',
    run: async ({ db }, parameters) => {
      const sql = readFileSync(file, 'utf8');
      const values: Record<string, DuckDBValue> = {};
      const types: Record<string, DuckDBType | undefined> = {};
      for (const [name, value] of Object.entries(parameters)) {
        // DuckDB rejects bound names the statement does not use.
        if (!new RegExp(`\\$${name}\\b`).test(sql)) continue;
        if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
          const numeric = value.length > 0 && value.every((v) => typeof v === 'number');
          values[name] = listValue(value as DuckDBValue[]);
          types[name] = LIST(numeric ? DOUBLE : VARCHAR);
        } else if (value !== null && typeof value === 'object') {
          values[name] = JSON.stringify(value);
          types[name] = VARCHAR;
        } else {
          values[name] = (value ?? null) as DuckDBValue;
        }
      }
      const prepared = await db.connection.prepare(sql);
      prepared.bind(values, types);
      const rows = (await prepared.runAndReadAll()).getRowObjectsJson() as Record<string, unknown>[];
      return rows.map(toHit);
    },
  };
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function toHit(row: Record<string, unknown>): RuleHit {
  return {
    tender_id: (row.tender_id as string | null | undefined) ?? null,
    tender_ids: list(row.tender_ids),
    project_code: (row.project_code as string | null | undefined) ?? null,
    company_ids: list(row.company_ids),
    person_ids: list(row.person_ids),
    record_ids: list(row.record_ids),
    score: Number(row.score ?? 0),
    evidence: typeof row.evidence === 'string' ? JSON.parse(row.evidence) : (row.evidence as RuleHit['evidence']),
    case_key: (row.case_key as string | null | undefined) ?? null,
  };
}
