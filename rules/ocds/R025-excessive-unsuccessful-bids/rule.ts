import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineOcdsRule } from '../defineOcdsRule.ts';
import type { IndicatorOutput } from '../OcdsIndicator.ts';
import { quantileType8, tukeyFences } from '../cardinalStatistics.ts';

const sql = readFileSync(new URL('./indicator.sql', import.meta.url), 'utf8');

/** Cardinal R025: a tenderer who bids often and almost never wins (a cover bidder, 陪标). */
export const rule = defineOcdsRule({
  id: 'R025-excessive-unsuccessful-bids',
  title: { zh: '投标次数多而中标率异常低', en: 'Excessive unsuccessful bids' },
  legalBasis: [
    { zh: 'Cardinal R025（OCP 红旗指标：陪标者长期参与但极少中标）；招标投标法实施条例第39条（串通投标）', en: 'Cardinal docs/cli/indicators/R/025; OCP red-flag guide "Excessive unsuccessful bids"; Regulation Art. 39' },
  ],
  parameters: z.object({
    percentile: z.number().int().nonnegative().default(75).describe('Percentile of the number of processes bid in that a tenderer must reach; Cardinal default 75'),
    threshold: z.number().optional().describe('Lower fence for the win ratio; default: computed as Q1 − 1.5·IQR (type-8 quartiles)'),
  }),
  folder: new URL('./', import.meta.url),
  indicator: {
    code: 'R025',
    async compute({ db, own }): Promise<IndicatorOutput> {
      const rows = await db.query<{ tenderer: string; numerator: number; denominator: number }>(sql);
      const upperFence = quantileType8(rows.map((r) => r.denominator), (own.percentile ?? 75) / 100);
      const ratios = rows.map((r) => r.numerator / r.denominator);
      let q1 = 1;
      let lowerFence: number;
      const meta: [string, number][] = [];
      if (own.threshold !== undefined) {
        lowerFence = own.threshold;
      } else {
        q1 = quantileType8(ratios, 0.25);
        const q3 = quantileType8(ratios, 0.75);
        lowerFence = tukeyFences(q1, q3).lower;
        meta.push(['q1', q1], ['q3', q3]);
      }
      meta.push(['upper_fence', upperFence], ['lower_fence', lowerFence]);
      const output: IndicatorOutput = { results: [], meta, maps: [], warnings: [] };
      if (!(q1 > 0 && lowerFence > 0)) return output;
      rows.forEach((row, index) => {
        const ratio = ratios[index]!;
        if (row.denominator >= upperFence && ratio <= lowerFence) output.results.push({ group: 'Tenderer', id: row.tenderer, value: ratio });
      });
      return output;
    },
  },
});
