import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueCodes } from '../rules/Rule.ts';
import { evaluateMarket } from '../bench/evaluateMarket.ts';
import { withTempDir } from './support/withDatabase.ts';

// The benchmark and the evaluation are run here on tiny sets only to check that they work and
// what they write; their figures are never asserted (timings belong to `npm run bench`).
describe('benchmark and evaluation scripts', () => {
  it('the bench writes a results file with load, scan, per-family and RSS figures', async () => {
    await withTempDir(async (dir) => {
      const results = join(dir, 'bench.json');
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--scale', '0.05', '--runs', '1', '--results', results], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
      expect(run.stderr.slice(-500) + run.status).toMatch(/0$/);
      const json = JSON.parse(readFileSync(results, 'utf8'));
      expect(json.results).toHaveLength(1);
      const [result] = json.results;
      expect(Object.keys(result).sort()).toEqual(['bids', 'kafka', 'load', 'records', 'scan', 'size']);
      expect(Object.keys(result.load).sort()).toEqual(['peakRssMb', 'recordsPerSecond', 'seconds']);
      expect(Object.keys(result.scan.stages).sort()).toEqual(['leads', 'load', 'models', 'reports', 'rules']);
      expect(Object.keys(result.scan.perFamily).sort()).toEqual(['approval', 'collusion', 'ocds', 'procedure', 'qualification', 'splitting']);
      expect(result.load.recordsPerSecond.median).toBeGreaterThan(0);
    });
  });

  it('the evaluation scores every detection code on both markets', async () => {
    await withTempDir(async (dir) => {
      for (const profile of ['default', 'stressed'] as const) {
        const evaluation = await evaluateMarket(dir, profile, 7, 0.3);
        expect(evaluation.perDetection.map((row) => row.detection)).toEqual([...catalogueCodes]);
        for (const row of evaluation.perDetection) {
          expect(row.planted).toBeGreaterThan(0);
          expect(row.found).toBeLessThanOrEqual(row.planted);
        }
      }
    });
  });
});
