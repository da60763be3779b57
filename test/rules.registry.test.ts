import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/registry.ts';
import { renderRegistry } from '../rules/renderRegistry.ts';
import { orderRules } from '../rules/orderRules.ts';
import { parameterSchema } from '../rules/parameterSchema.ts';
import { runRules } from '../rules/runRules.ts';
import type { Rule } from '../rules/Rule.ts';
import { openFreshSchema } from '../results/schemaReference/openFreshSchema.ts';

const rulesRoot = fileURLToPath(new URL('../rules/', import.meta.url));

describe('the rule registry', () => {
  it('is up to date with the rule folders (else: npx tsx rules/writeRegistry.ts)', () => {
    expect(readFileSync(new URL('../rules/registry.generated.ts', import.meta.url), 'utf8')).toBe(renderRegistry(rulesRoot));
  });

  it('holds one rule per folder, ids unique', () => {
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('A7-bidding-rings');
    expect(ids.length).toBeGreaterThanOrEqual(28);
  });

  it('declares every table a rule\'s files name, and only tables and columns that exist', async () => {
    const db = await openFreshSchema();
    try {
      const columns = await db.query<{ table_name: string; column_name: string }>('select table_name, column_name from information_schema.columns');
      const exists = new Set(columns.map((c) => `${c.table_name}.${c.column_name}`));
      const problems = rules.flatMap((rule) => {
        const folder = fileURLToPath(rule.folder);
        const text = readdirSync(folder).filter((f) => /\.(sql|ts)$/.test(f)).map((f) => readFileSync(`${folder}/${f}`, 'utf8')).join('\n');
        const named = new Set(text.match(/\b(?:stg|mart)_[a-z_]+\b|\btender_screens\b/g) ?? []);
        const undeclared = [...named].filter((table) => !(table in rule.reads)).map((table) => `${rule.id} reads ${table} undeclared`);
        const missing = Object.entries(rule.reads).flatMap(([table, needed]) =>
          needed.filter((column) => !exists.has(`${table}.${column}`)).map((column) => `${rule.id} declares ${table}.${column}, not in the schema`));
        return [...undeclared, ...missing];
      });
      expect(problems).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('runs A5 before A7, which reads its tender_screens', () => {
    const order = orderRules([...rules].reverse()).map((rule) => rule.id);
    expect(order.indexOf('A5-price-screens')).toBeLessThan(order.indexOf('A7-bidding-rings'));
  });

  it('fails fast on a cycle or an unknown dependency', () => {
    const fake = (id: string, after: string[]): Rule => ({ ...rules[0]!, id, after });
    expect(() => orderRules([fake('X1-a', ['X2-b']), fake('X2-b', ['X1-a'])])).toThrow(/cycle: X1-a → X2-b → X1-a|cycle: X2-b → X1-a → X2-b/);
    expect(() => orderRules([fake('X1-a', ['A5-price-screnes'])])).toThrow(/unknown rule\(s\) A5-price-screnes/);
  });

  it('makes every parameter schema strict, every rule but the statutory traces with a flag-rate ceiling', () => {
    for (const rule of rules) {
      const schema = parameterSchema(rule);
      expect(schema.safeParse({ not_a_parameter: 1 }).success, rule.id).toBe(false);
      const defaults = schema.parse({}) as Record<string, unknown>;
      expect('max_flag_rate' in defaults, rule.id).toBe(rule.kind !== 'trace');
    }
    expect(rules.filter((rule) => rule.kind === 'trace').map((rule) => rule.detection).sort()).toEqual(['A1', 'A2', 'A3']);
    expect(rules.filter((rule) => rule.kind === 'statistical' && rule.family !== 'ocds').map((rule) => rule.detection).sort()).toEqual(['A4', 'A5', 'A7', 'A8', 'C2', 'E4']);
  });

  it('on an empty database skips every rule for lack of data, names what is missing, and fails none', async () => {
    const db = await openFreshSchema();
    try {
      const results = await runRules(db, 'empty', rules);
      expect(results.filter((r) => r.status !== 'skipped').map((r) => `${r.ruleId}: ${r.status} ${r.reason}`)).toEqual([]);
      for (const result of results) expect(result.reason).toMatch(/^no .+ in this database$/);
    } finally {
      db.close();
    }
  });
});
