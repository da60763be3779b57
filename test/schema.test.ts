import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModels } from '../analytics/buildModels.ts';
import { parseModel } from '../analytics/parseModel.ts';
import { schemaReference } from '../results/schemaReference/schemaReference.ts';
import { openFreshSchema } from '../results/schemaReference/openFreshSchema.ts';
import { relationDocs } from '../results/schemaReference/relationDocs.ts';
import { resultColumns } from '../results/resultColumns.ts';

async function freshReference() {
  const db = await openFreshSchema();
  try {
    return await schemaReference(db, relationDocs());
  } finally {
    db.close();
  }
}

describe('docs/schema.md', () => {
  it('is what `bidwatch schema` generates from a freshly built database (regenerate: npx bidwatch schema --output docs/schema.md)', async () => {
    const { markdown } = await freshReference();
    expect(readFileSync(new URL('../docs/schema.md', import.meta.url), 'utf8')).toBe(markdown);
  });

  it('documents every column of the analyst views and the result tables, and no column that is gone', async () => {
    const { undocumented, stale } = await freshReference();
    const results = new Set(Object.keys(resultColumns));
    const mustBeDocumented = undocumented.filter((c) => {
      const relation = c.split('.')[0]!;
      return relation.startsWith('v_') || results.has(relation) || relation.startsWith('raw_') || relation === 'dead_letters';
    });
    expect(mustBeDocumented).toEqual([]);
    expect(stale).toEqual([]);
  });

  it('lists every model and every result table', async () => {
    const { markdown } = await freshReference();
    for (const name of [...loadModels().map((m) => m.name), ...Object.keys(resultColumns)]) {
      expect(markdown, name).toContain(`\n### ${name}\n`);
    }
  });
});

describe('parseModel column and requires lines', () => {
  it('reads `-- column: name: meaning` lines in order, and `-- requires:`', () => {
    const model = parseModel('97_v_x.sql', [
      '-- model: v_x',
      '-- materialized: view',
      '-- grain: one row per x',
      '-- requires: flags, leads',
      '-- column: x_id: the id: stable across scans',
      '-- column: amount: yuan',
      'select 1 as x_id, 2 as amount',
    ].join('\n'));
    expect(model.columns).toEqual([
      { name: 'x_id', description: 'the id: stable across scans' },
      { name: 'amount', description: 'yuan' },
    ]);
    expect(model.requires).toEqual(['flags', 'leads']);
  });

  it('keeps reading headers without them as before', () => {
    const model = parseModel('10_stg_x.sql', '-- model: stg_x\n-- materialized: view\n-- grain: one row per x\n-- unique: id\nselect 1 as id');
    expect(model).toMatchObject({ name: 'stg_x', columns: [], requires: [], unique: ['id'], notNull: [], relationships: [] });
  });

  it('rejects a column line without a meaning', () => {
    expect(() => parseModel('x.sql', '-- model: x\n-- materialized: view\n-- grain: g\n-- column: x_id\nselect 1')).toThrow(/bad column line "x_id"/);
  });
});
