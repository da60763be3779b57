import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueCodes } from '../rules/Rule.ts';
import { evaluateMarket } from '../bench/evaluateMarket.ts';
import { evaluateRealMarket, findLabelledMarkets } from '../bench/evaluateRealMarket.ts';
import { generateProvince } from '../demo/generateProvince.ts';
import { readGroundTruth } from '../evaluation/evaluateAgainstGroundTruth.ts';
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
      // The scans' report folders are gone once the size is measured (the 10M set's are 6.3 GB a run).
      expect(existsSync(join('data', 'bench', 'reports-custom'))).toBe(false);
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

  it('the real-markets evaluation measures a labelled market: screens, every rule, leads and the issue 18 checks', async () => {
    await withTempDir(async (dir) => {
      // A small generated province stands in for a real market: its planted A5 tenders are the labels.
      const input = join(dir, 'markets', 'tiny');
      mkdirSync(input, { recursive: true });
      await generateProvince({ outDir: input, seed: 7, scale: 0.3, profile: 'default' });
      const collusive = new Set(readGroundTruth(join(input, 'ground_truth.jsonl')).filter((c) => c.kind === 'planted' && c.detections.includes('A5')).flatMap((c) => c.tender_ids));
      const tenderIds = readFileSync(join(input, 'tenders.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: string }).id);
      writeFileSync(join(input, 'labels.json'), JSON.stringify(Object.fromEntries(tenderIds.map((id) => [id, collusive.has(id)]))));
      expect(findLabelledMarkets(join(dir, 'markets'))).toEqual([input]);

      const result = await evaluateRealMarket(dir, input);
      expect(Object.keys(result).sort()).toEqual(['baseRate', 'checks', 'collusiveTenders', 'input', 'leads', 'market', 'ringLeads', 'rules', 'screens', 'tenders']);
      expect(Object.keys(result.ringLeads).sort()).toEqual(['collusive', 'lift', 'precision', 'rings', 'shareOfClean', 'shareOfCollusive', 'tenders']);
      expect(result.ringLeads.collusive).toBeLessThanOrEqual(result.collusiveTenders);
      expect(result.tenders).toBe(tenderIds.length);
      expect(result.collusiveTenders).toBe([...collusive].filter((id) => tenderIds.includes(id)).length);
      expect(Object.keys(result.screens).sort()).toEqual(['aucNegativeCv', 'aucScore', 'baseRate', 'tenders']);
      expect(result.screens.aucScore).not.toBeNull();
      expect(result.rules.map((r) => r.detection)).toContain('A5');
      for (const rule of result.rules) {
        expect(Object.keys(rule).sort()).toEqual(['detection', 'flagRate', 'lift', 'nonDiscriminating', 'precision', 'ruleId', 'tendersFlagged']);
        expect(rule.flagRate).toBe(rule.tendersFlagged / result.tenders);
      }
      expect(Object.keys(result.leads).sort()).toEqual(['count', 'k', 'leadLiftAtK', 'leadPrecisionAtK', 'leadTendersAtK', 'perTender', 'tenderLiftAtK', 'tenderPrecisionAtK']);
      expect(result.leads.k).toBe(Math.max(10, Math.ceil(0.05 * result.tenders)));
      expect(Object.keys(result.checks).sort()).toEqual(['leadsWithin30Percent', 'maxFlagRateBeyondA1toA3', 'precisionAtKLiftOk', 'rulesOver30Percent', 'rulesOver30PercentKeptOutOfLeads']);
    });
  });
});
