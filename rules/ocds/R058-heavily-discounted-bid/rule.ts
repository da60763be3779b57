import { z } from 'zod';
import { defineOcdsRule } from '../defineOcdsRule.ts';
import type { IndicatorOutput } from '../OcdsIndicator.ts';
import { quantileType8, tukeyFences } from '../cardinalStatistics.ts';
import { secondLowestBidRatios } from '../secondLowestBidRatios.ts';

/** Cardinal R058: the winning bid is far below the next lowest bid. */
export const rule = defineOcdsRule({
  id: 'R058-heavily-discounted-bid',
  title: { zh: '中标价大幅低于次低价', en: 'Heavily discounted bid' },
  legalBasis: [
    { zh: 'Cardinal R058（OCP 红旗指标：异常低价中标，可能低于成本或事后变更）；招标投标法第33条（不得以低于成本的报价竞标）', en: 'Cardinal docs/cli/indicators/R/058; OCP red-flag guide "Heavily discounted bid"; PRC Bidding Law Art. 33' },
  ],
  parameters: z.object({
    threshold: z.number().optional().describe('Upper fence for the ratio (L − W) / W; default: computed as Q3 + 1.5·IQR (type-8 quartiles, as Cardinal)'),
  }),
  folder: new URL('./', import.meta.url),
  indicator: {
    code: 'R058',
    async compute(context): Promise<IndicatorOutput> {
      const { ratios, warnings, partiesOf } = await secondLowestBidRatios(context);
      const threshold = context.own.threshold;
      let upperFence: number;
      let meta: [string, number][];
      if (threshold !== undefined) {
        upperFence = threshold;
        meta = [['upper_fence', upperFence]];
      } else {
        const values = ratios.map((r) => r.ratio);
        const q1 = quantileType8(values, 0.25);
        const q3 = quantileType8(values, 0.75);
        upperFence = tukeyFences(q1, q3).upper;
        meta = [['q1', q1], ['q3', q3], ['upper_fence', upperFence]];
      }
      const output: IndicatorOutput = { results: [], meta, maps: [], warnings };
      if (!(upperFence > 0)) return output;
      for (const r of await partiesOf(ratios.filter((ratio) => ratio.ratio >= upperFence))) {
        output.results.push({ group: 'OCID', id: r.ocid, value: r.ratio }, { group: 'Tenderer', id: r.winner, value: 0, ocids: [r.ocid] });
        output.maps.push({ field: 'ocid_tenderer_r058', ocid: r.ocid, ids: [r.winner] });
      }
      return output;
    },
  },
});
