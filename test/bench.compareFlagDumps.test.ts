import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareFlagDumps } from '../bench/compareFlagDumps.ts';

const flag = (ruleId: string, flagId: string, evidence: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ held_in: 'flags', flag_id: flagId, rule_id: ruleId, record_ids: ['b1', 'b2'], score: 0.5, evidence: JSON.stringify(evidence), ...extra });

describe('compareFlagDumps (profileScan --compare)', () => {
  let directory = '';
  const dump = (name: string, lines: string[]) => {
    const file = join(directory, name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('tells identical rules from ones that differ only in list order, in float digits, or in content', () => {
    directory = mkdtempSync(join(tmpdir(), 'flag-dumps-'));
    const before = dump('before.jsonl', [
      flag('A1', 'f1', { highlight: ['x', 'y'], tables: [{ rows: [{ price: 1 }, { price: 2 }] }] }),
      flag('B1', 'f2', { summary: 'same' }),
      flag('E4', 'f3', { tables: [{ rows: [{ amount: 41936613.54 }] }] }),
      flag('E5', 'f4', { tables: [{ rows: [{ price: 1 }, { price: 2 }] }] }),
      flag('E6', 'f5', { summary: 'only before' }),
    ]);
    const after = dump('after.jsonl', [
      flag('A1', 'f1', { highlight: ['y', 'x'], tables: [{ rows: [{ price: 1 }, { price: 2 }] }] }),
      flag('B1', 'f2', { summary: 'same' }),
      flag('E4', 'f3', { tables: [{ rows: [{ amount: 41936613.54000001 }] }] }),
      flag('E5', 'f4', { tables: [{ rows: [{ price: 2 }, { price: 1 }] }] }),
      flag('E6', 'f6', { summary: 'only before' }),
    ]);
    expect(compareFlagDumps(before, after)).toEqual([
      { ruleId: 'A1', verdict: 'same up to list order', flags: [1, 1], differing: 0 },
      { ruleId: 'B1', verdict: 'identical', flags: [1, 1], differing: 0 },
      { ruleId: 'E4', verdict: 'same up to list order and float digits', flags: [1, 1], differing: 0 },
      // Rows of an evidence table keep their order: swapped rows are a difference.
      { ruleId: 'E5', verdict: 'differ', flags: [1, 1], differing: 1 },
      // A flag id in one dump only.
      { ruleId: 'E6', verdict: 'differ', flags: [1, 1], differing: 2 },
    ]);
  });

  it('does not let a float tolerance hide a real change of a number', () => {
    directory = mkdtempSync(join(tmpdir(), 'flag-dumps-'));
    const before = dump('before.jsonl', [flag('C1', 'f1', { facts: { share: 0.8495 } })]);
    const after = dump('after.jsonl', [flag('C1', 'f1', { facts: { share: 0.8496 } })]);
    expect(compareFlagDumps(before, after)).toEqual([{ ruleId: 'C1', verdict: 'differ', flags: [1, 1], differing: 1 }]);
  });
});
