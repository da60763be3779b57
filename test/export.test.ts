import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../db/Database.ts';
import { exportParquet } from '../cli/sql/exportParquet.ts';
import { openReadOnly } from '../cli/sql/openReadOnly.ts';
import { exportCommand } from '../cli/commands/export.ts';
import { createDemoDatabase, type DemoDatabase } from './sqlDemoDatabase.ts';

let demo: DemoDatabase;

beforeAll(async () => {
  demo = await createDemoDatabase();
});

afterAll(() => demo?.remove());

describe('bidwatch export', () => {
  it('writes every analyst view and result as Parquet that reads back equal, bids and tenders by year', async () => {
    const out = join(demo.dir, 'export');
    const db = await openReadOnly(demo.path);
    try {
      const exported = await exportParquet(db, out);
      expect(exported.map((e) => e.name)).toEqual([
        'v_tenders', 'v_bids', 'v_awards', 'v_contracts', 'v_companies', 'v_persons', 'v_projects',
        'v_flags', 'v_tender_screens', 'v_leads', 'v_dead_letters',
        'runs', 'flag_history', 'lead_reviews', 'mart_company_relations',
      ]);
      expect(readdirSync(join(out, 'v_bids')).every((d) => /^bid_year=(\d{4}|NULL)$/.test(d))).toBe(true);
      expect(readdirSync(join(out, 'v_bids')).length).toBeGreaterThan(1);

      for (const relation of exported) {
        const reader = relation.partitionedBy
          ? `read_parquet('${join(out, relation.path)}/*/*.parquet', hive_partitioning = true, hive_types_autocast = false)`
          : `read_parquet('${join(out, relation.path)}')`;
        const columns = (await db.query<{ column_name: string }>(`describe "${relation.name}"`)).map((c) => `"${c.column_name}"`).join(', ');
        // Same rows, nothing more or less: the symmetric difference of the relation and the files is empty.
        const [diff] = await db.query<{ missing: number; extra: number; files: number }>(`
          select
            (select count(*) from (select ${columns} from "${relation.name}" except all select ${columns} from ${reader}))::double as missing,
            (select count(*) from (select ${columns} from ${reader} except all select ${columns} from "${relation.name}"))::double as extra,
            (select count(*) from ${reader})::double as files`);
        expect({ relation: relation.name, ...diff }).toEqual({ relation: relation.name, missing: 0, extra: 0, files: relation.rows });
      }
    } finally {
      db.close();
    }
  });

  it('the command adds a manifest and the schema reference, and refuses a missing database', async () => {
    const out = join(demo.dir, 'export-cli');
    const log = console.log;
    console.log = () => {};
    try {
      await exportCommand.run({ db: demo.path, out }, []);
    } finally {
      console.log = log;
    }
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { latest_run: string; relations: { name: string; rows: number }[] };
    expect(manifest.latest_run).toBe('run-test');
    const db = await Database.open(demo.path, { readOnly: true });
    try {
      const [bids] = await db.query<{ n: number }>('select count(*)::double as n from v_bids');
      expect(manifest.relations.find((r) => r.name === 'v_bids')?.rows).toBe(bids!.n);
    } finally {
      db.close();
    }
    expect(readFileSync(join(out, 'schema.md'), 'utf8')).toContain('### v_bids');
    await expect(exportCommand.run({ db: join(demo.dir, 'missing.duckdb'), out: join(demo.dir, 'x') }, [])).rejects.toThrow(/database not found/);
    await expect(exportCommand.run({ db: demo.path, out: join(demo.dir, 'x'), only: 'v_bids,v_nope' }, [])).rejects.toThrow(/not in the database: v_nope/);
    expect(existsSync(join(demo.dir, 'x'))).toBe(false);
  });
});
