/**
 * The hand-made corrupt input (fixtures/corrupt/): validation dead-letters exactly the lines
 * fixtures/corrupt/EXPECTED.md lists, with their codes and reasons, and keeps every other line.
 */
import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordType } from '../db/recordSchemas.ts';
import { validateRecord } from '../ingest/validateRecord.ts';

describe('fixtures/corrupt', () => {
  const dir = join(import.meta.dirname, '..', 'fixtures', 'corrupt');

  it('dead-letters exactly the lines EXPECTED.md lists, with their codes and reasons', async () => {
    const expected = (await readFile(join(dir, 'EXPECTED.md'), 'utf8'))
      .split('\n')
      .filter((l) => /^\| \w+\.jsonl \| \d+ \|/.test(l))
      .map((l) => {
        const [file, line, code, reason] = l.split('|').slice(1, 5).map((c) => c.trim());
        return { file: file!, line: Number(line), code: code!, reason: reason! };
      });
    expect(expected.length).toBe(5);
    const got: { file: string; line: number; code: string; reason: string }[] = [];
    let loaded = 0;
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort()) {
      const type = file.replace(/\.jsonl$/, '') as RecordType;
      const rows = (await readFile(join(dir, file), 'utf8')).split('\n');
      rows.forEach((raw, i) => {
        if (raw === '') return;
        const r = validateRecord(type, { raw, source: `${file}:${i + 1}` });
        if (r.ok) loaded++;
        else got.push({ file, line: i + 1, code: r.code, reason: r.reason });
      });
    }
    const key = (x: { file: string; line: number }): string => `${x.file}:${x.line}`;
    expect(got.map(key).sort()).toEqual(expected.map(key).sort());
    for (const e of expected) {
      const g = got.find((x) => key(x) === key(e))!;
      expect(g.code, key(e)).toBe(e.code);
      expect(g.reason, key(e)).toContain(e.reason);
    }
    expect(loaded).toBe(11);
  });
});
