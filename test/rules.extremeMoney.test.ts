import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProvince } from '../demo/generateProvince.ts';
import { runScan } from '../cli/runScan.ts';
import { MAX_MONEY_YUAN } from '../db/recordSchemas.ts';
import { rules } from '../rules/registry.ts';
import { withDatabase } from './support/withDatabase.ts';

const MONEY_FIELDS = ['price', 'value', 'estimated_value', 'ceiling_price', 'total_investment', 'amount', 'registered_capital'];
const LARGEST = MAX_MONEY_YUAN - 0.01;

/** Money the contract accepts, at its edges: what every amount becomes, given a running counter. */
const extremes: Record<string, (n: number) => number> = {
  'every amount at the bound': (n) => LARGEST - (n % 7),
  'every amount zero': () => 0,
  'every amount one fen': () => 0.01,
  'amounts mixed from zero to the bound': (n) => [LARGEST, 0, 0.01][n % 3]!,
};

/** Copies a generated province with every money field (subcontracts too) replaced by `amount`. */
function withMoney(from: string, to: string, amount: (n: number) => number): void {
  mkdirSync(to, { recursive: true });
  let n = 0;
  for (const name of readdirSync(from)) {
    if (!name.endsWith('.jsonl') || name === 'ground_truth.jsonl') {
      copyFileSync(join(from, name), join(to, name));
      continue;
    }
    const lines = readFileSync(join(from, name), 'utf8').trim().split('\n').map((line) => {
      const record = JSON.parse(line) as Record<string, unknown> & { subcontracts?: { value?: number | null }[] | null };
      for (const field of MONEY_FIELDS) if (typeof record[field] === 'number') record[field] = amount(n++);
      for (const sub of record.subcontracts ?? []) if (typeof sub.value === 'number') sub.value = amount(n++);
      return JSON.stringify(record);
    });
    writeFileSync(join(to, name), `${lines.join('\n')}\n`);
  }
}

describe('every rule runs on the money the contract accepts, at its edges', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bidwatch-extreme-'));
    await generateProvince({ outDir: join(dir, 'clean'), scale: 0.05 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.keys(extremes))('%s: the scan ends with every rule’s result, all accepted', async (name) => {
    const input = join(dir, name.replace(/\W+/g, '-'));
    withMoney(join(dir, 'clean'), input, extremes[name]!);
    await withDatabase(async (db) => {
      const summary = await runScan({ db, input, out: null, runId: 'run-extreme' });
      expect(Object.values(summary.load!).reduce((n, o) => n + o.deadLettered, 0)).toBe(0);
      expect(summary.rules.map((r) => r.ruleId).sort()).toEqual(rules.map((r) => r.id).sort());
    });
  });
});
