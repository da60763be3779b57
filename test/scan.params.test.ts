import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.ts';
import { checkParameterOverrides } from '../rules/checkParameterOverrides.ts';
import { rules } from '../rules/registry.ts';
import { withTempDir } from './support/withDatabase.ts';

/** Issue 11.5 / 12: a parameter file is checked whole, before anything is loaded. */
describe('scan --params', () => {
  let errors: string[];
  beforeEach(() => {
    errors = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
  });
  afterEach(() => vi.restoreAllMocks());

  const scanWith = (parameters: unknown) =>
    withTempDir(async (dir) => {
      const input = join(dir, 'input');
      mkdirSync(input);
      // A record that a load would take: had the check come after the load, the database would hold it.
      writeFileSync(join(input, 'companies.jsonl'), `${JSON.stringify({ id: 'C1', name: '某公司', updated_at: '2024-01-01T00:00:00+08:00' })}\n`);
      writeFileSync(join(dir, 'params.json'), JSON.stringify(parameters));
      const db = join(dir, 'scan.duckdb');
      const code = await main(['scan', '--input', input, '--db', db, '--out', join(dir, 'out'), '--params', join(dir, 'params.json')]);
      return { code, databaseCreated: existsSync(db), message: errors.join('\n') };
    });

  it('exits 2 on a misspelt key, naming it and the closest valid one, before the database is touched', async () => {
    const outcome = await scanWith({ 'E1-short-bid-period': { min_day: 15 } });
    expect(outcome).toMatchObject({ code: 2, databaseCreated: false });
    expect(outcome.message).toContain('E1-short-bid-period: unknown parameter "min_day" (did you mean "min_days"?)');
  });

  it('exits 2 on an unknown rule id, suggesting the closest rule', async () => {
    const outcome = await scanWith({ 'E1-short-bid-periods': { min_days: 15 } });
    expect(outcome).toMatchObject({ code: 2, databaseCreated: false });
    expect(outcome.message).toContain('unknown rule "E1-short-bid-periods" in parameters (did you mean "E1-short-bid-period"?)');
  });

  it('exits 2 on a value of the wrong type', async () => {
    const outcome = await scanWith({ 'E1-short-bid-period': { min_days: 'fifteen' } });
    expect(outcome).toMatchObject({ code: 2, databaseCreated: false });
    expect(outcome.message).toMatch(/E1-short-bid-period: parameter "min_days": .*number/);
  });
});

describe('checkParameterOverrides', () => {
  it('finds unknown keys inside nested parameter objects', () => {
    expect(() => checkParameterOverrides(
      { 'B6-subcontracting-out': { scope_requirements: [{ scope_keyword: '钢结构', qualification_type: ['x'] }] } },
      rules,
    )).toThrow('B6-subcontracting-out: unknown parameter "scope_requirements.0.qualification_type" (did you mean "scope_requirements.0.qualification_types"?)');
  });

  it('accepts the runner\'s flag-rate ceiling for a statistical rule only', () => {
    expect(checkParameterOverrides({ 'A5-price-screens': { max_flag_rate: 0.5 } }, rules).get('A5-price-screens')).toMatchObject({ max_flag_rate: 0.5 });
    expect(() => checkParameterOverrides({ 'A1-shared-bid-file-traces': { max_flag_rate: 0.5 } }, rules)).toThrow(/unknown parameter "max_flag_rate"/);
  });

  it('fills defaults for every rule and keeps valid overrides', () => {
    const parsed = checkParameterOverrides({ 'E1-short-bid-period': { min_days: 15 } }, rules);
    expect(parsed.size).toBe(rules.length);
    expect(parsed.get('E1-short-bid-period')).toMatchObject({ min_days: 15 });
  });
});
