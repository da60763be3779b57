import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineOcdsRule } from '../defineOcdsRule.ts';
import type { IndicatorOutput } from '../OcdsIndicator.ts';
import { quantileType8, tukeyFences } from '../cardinalStatistics.ts';

const sql = readFileSync(new URL('./indicator.sql', import.meta.url), 'utf8');

/** Cardinal R048: a supplier of unusually many unrelated kinds of goods or works (a front company). */
export const rule = defineOcdsRule({
  id: 'R048-heterogeneous-supplier',
  title: { zh: '供应商经营范围异常庞杂', en: 'Heterogeneous supplier' },
  legalBasis: [
    { zh: 'Cardinal R048（OCP 红旗指标：供货品类跨度异常，疑似空壳或挂靠公司）；detections.md B 类（借用资质）', en: 'Cardinal docs/cli/indicators/R/048; OCP red-flag guide "Heterogeneous supplier"' },
  ],
  parameters: z.object({
    digits: z.number().int().nonnegative().default(2).describe('Leading characters of the item classification that make one kind (UNSPSC segment = 2); Cardinal default 2'),
    threshold: z.number().int().nonnegative().optional().describe('Upper fence for the number of kinds (an integer); default: computed as Q3 + 1.5·IQR (type-8 quartiles)'),
    minimum_contracting_processes: z.number().int().nonnegative().default(20).describe('Processes with a classified item a supplier needs to be judged; Cardinal default 20'),
  }),
  folder: new URL('./', import.meta.url),
  indicator: {
    code: 'R048',
    async compute({ db, own }): Promise<IndicatorOutput> {
      const rows = await db.query<{ supplier: string; processes: number; variety: number }>(sql, { digits: own.digits ?? 2 });
      const kept = rows.filter((r) => r.processes >= (own.minimum_contracting_processes ?? 20));
      let upperFence: number;
      let meta: [string, number][];
      if (own.threshold !== undefined) {
        upperFence = own.threshold;
        meta = [['upper_fence', upperFence]];
      } else {
        const q1 = quantileType8(kept.map((k) => k.variety), 0.25);
        const q3 = quantileType8(kept.map((k) => k.variety), 0.75);
        upperFence = tukeyFences(q1, q3).upper;
        meta = [['q1', q1], ['q3', q3], ['upper_fence', upperFence]];
      }
      // No degenerate-fence guard here: Cardinal has none for R048 (semantics doc).
      const results = kept.filter((k) => k.variety >= upperFence).map((k) => ({ group: 'Tenderer' as const, id: k.supplier, value: k.variety }));
      return { results, meta, maps: [], warnings: [] };
    },
  },
});
