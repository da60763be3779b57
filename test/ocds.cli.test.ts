import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../cli/main.ts';
import { withTempDir } from './support/withDatabase.ts';

const release = (ocid: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    ocid,
    date: '2024-04-01T10:00:00+08:00',
    buyer: { id: 'B1', name: '某县交通运输局' },
    tender: { id: 't', title: '某工程', procurementMethod: 'open', mainProcurementCategory: 'works', value: { amount: 100, currency: 'USD' } },
    ...extra,
  });

describe('bidwatch load --format ocds', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints releases read = accepted + dead-lettered, the records per type and what stayed in _extra', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'releases.jsonl');
      writeFileSync(file, [release('ocds-1'), release('ocds-2', { buyer: null }), 'not json'].join('\n') + '\n');
      const printed: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
      expect(await main(['load', '--format', 'ocds', file, '--db', join(dir, 'ocds.duckdb')])).toBe(0);
      expect(printed[0]).toBe('OCDS releases: read 3 = accepted 1 + dead-lettered 2 (1 file; 1 of the dead letters could not be mapped)');
      expect(printed.find((line) => line.startsWith('tenders'))).toMatch(/^tenders\s+1\s+1\s+1\s+0\s+0\s+0$/);
      expect(printed.at(-1)).toBe('kept in _extra, not mapped: nonCnyAmounts 1');
      // the second release is dead-lettered by the mapping, in whichever engine took it
      expect(printed).toContain('mapped in SQL 2, in JavaScript 0 releases');
    });
  });

  it('exits 2 with the reason for an input that is not there, and for an unknown format', async () => {
    await withTempDir(async (dir) => {
      const errors: string[] = [];
      vi.spyOn(console, 'error').mockImplementation((line: unknown) => void errors.push(String(line)));
      expect(await main(['load', '--format', 'ocds', join(dir, 'missing.jsonl'), '--db', join(dir, 'x.duckdb')])).toBe(2);
      expect(await main(['load', '--format', 'xml', '--input', dir, '--db', join(dir, 'x.duckdb')])).toBe(2);
      expect(errors.map((e) => e.split('\n')[0])).toEqual([
        `bidwatch load: OCDS input not found: ${join(dir, 'missing.jsonl')}`,
        'bidwatch load: unknown --format xml: records or ocds',
      ]);
    });
  });
});
