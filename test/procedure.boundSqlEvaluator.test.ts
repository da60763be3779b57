import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../ingest/Database.ts';
import { boundSqlEvaluator } from '../rules/procedure/boundSqlEvaluator.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';

describe('boundSqlEvaluator', () => {
  let db: Database;
  let dir: string;
  beforeEach(async () => {
    db = await Database.open(':memory:');
    dir = mkdtempSync(join(tmpdir(), 'bidwatch-bound-sql-'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const evaluate = async (sql: string, parameters: Record<string, unknown>) => {
    const file = join(dir, 'rule.sql');
    writeFileSync(file, sql);
    const evaluator = boundSqlEvaluator(pathToFileURL(file));
    if (evaluator.kind !== 'code') throw new Error('expected a code evaluator');
    return evaluator.run({ db, runId: 'test' }, parameters);
  };

  it('binds string lists, number lists, empty lists and parameter tables, and reads hit rows back', async () => {
    const hits = await evaluate(
      `select
         'T1' as tender_id,
         ['T1', 'T2'] as tender_ids,
         [typeof($methods), typeof($limits), typeof($none)] as company_ids,
         [cast(len($none) as varchar), cast(list_sum($limits) as varchar), cast(json_array_length(cast($table as json)) as varchar)] as record_ids,
         case when list_contains($methods, 'open') then 0.5 else 0 end as score,
         json_object('summary_zh', '测试', 'first_kind', cast($table as json) -> 0 ->> 'kind') as evidence,
         'buyer:B1' as case_key`,
      { methods: ['open', 'invited'], limits: [1.5, 2], none: [], table: [{ kind: 'a' }, { kind: 'b' }], unused: 3 },
    );
    expect(hits).toEqual([
      {
        tender_id: 'T1',
        tender_ids: ['T1', 'T2'],
        project_code: null,
        company_ids: ['VARCHAR[]', 'DOUBLE[]', 'VARCHAR[]'],
        person_ids: [],
        record_ids: ['0', '3.5', '2'],
        score: 0.5,
        evidence: { summary_zh: '测试', first_kind: 'a' },
        case_key: 'buyer:B1',
      },
    ]);
  });

  it('returns no hits for an empty result', async () => {
    expect(await evaluate(`select 'T1' as tender_id, [] as company_ids, [] as record_ids, 0.5 as score, '{}'::json as evidence where $x > 1`, { x: 0 })).toEqual([]);
  });
});
