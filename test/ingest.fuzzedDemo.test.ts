import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateProvince } from '../demo/generateProvince.ts';
import { runScan } from '../cli/runScan.ts';
import { recordTypeNames } from '../db/recordSchemas.ts';
import { rules } from '../rules/registry.ts';
import { corruptLines } from './support/corruptLines.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';

/** Lines as the loader counts them: a line break ends one ("\r\n" is one break), a last line without one still counts. */
function lineCount(path: string): number {
  const text = readFileSync(path, 'latin1').replace(/\r\n/g, '\n').replace(/\r/g, '\n');
  return text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('a fuzzed copy of a generated province (2 % of the lines damaged in varied ways)', () => {
  it('loads and scans to the end: every line accounted for, every damaged one with its reason, every rule with its result', async () => {
    await withTempDir(async (dir) => {
      await generateProvince({ outDir: join(dir, 'clean'), scale: 0.1 });
      const damaged = corruptLines(join(dir, 'clean'), join(dir, 'fuzzed'), { share: 0.02, seed: 20261122 });
      expect(new Set(damaged.map((d) => d.kind)).size).toBeGreaterThanOrEqual(10);

      await withDatabase(async (db) => {
        const summary = await runScan({ db, input: join(dir, 'fuzzed'), out: join(dir, 'out'), runId: 'run-fuzzed' });
        for (const type of recordTypeNames) {
          const outcome = summary.load![type];
          expect({ type, read: outcome.read }).toEqual({ type, read: lineCount(join(dir, 'fuzzed', `${type}.jsonl`)) });
          expect({ type, read: outcome.read }).toEqual({ type, read: outcome.accepted + outcome.deadLettered });
        }

        const deadLetters = await db.query<{ source: string; reason_code: string }>('select source, reason_code from dead_letters');
        const codeAt = new Map(deadLetters.map((d) => [d.source, d.reason_code]));
        for (const line of damaged) {
          expect({ kind: line.kind, code: codeAt.get(`${line.file}:${line.line}`) ?? null }).toEqual({ kind: line.kind, code: line.expected });
        }
        // The generator writes only valid lines: nothing but the damaged ones is rejected.
        expect(deadLetters.length).toBe(damaged.filter((d) => d.expected !== null).length);

        expect(summary.rules.map((r) => r.ruleId).sort()).toEqual(rules.map((r) => r.id).sort());
        expect(summary.rules.reduce((n, r) => n + r.hits, 0)).toBeGreaterThan(0);
        expect(summary.reportDirectory).not.toBeNull();
        expect(await db.query("select finished_at is not null as finished from runs where run_id = 'run-fuzzed'")).toEqual([{ finished: true }]);
      });
    });
  });
});
