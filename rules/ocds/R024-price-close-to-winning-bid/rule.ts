import { z } from 'zod';
import { defineOcdsRule } from '../defineOcdsRule.ts';
import type { IndicatorOutput } from '../OcdsIndicator.ts';
import { quantileType8, tukeyFences } from '../cardinalStatistics.ts';
import { secondLowestBidRatios } from '../secondLowestBidRatios.ts';

/** Cardinal R024: the lowest losing bid is unusually close to the winning bid. */
export const rule = defineOcdsRule({
  id: 'R024-price-close-to-winning-bid',
  title: { zh: '次低价与中标价过于接近', en: 'Price close to winning bid' },
  legalBasis: [
    { zh: 'Cardinal R024（OCP 红旗指标：陪标者报价紧贴中标价）；招标投标法实施条例第40条第（四）项（投标报价呈规律性差异）', en: 'Cardinal docs/cli/indicators/R/024; OCP red-flag guide "Price close to winning bid"; Regulation Art. 40(4)' },
  ],
  parameters: z.object({
    threshold: z.number().optional().describe('Lower fence for the ratio (L − W) / W; default: computed as Q1 − 1.5·IQR (type-8 quartiles, as Cardinal)'),
  }),
  folder: new URL('./', import.meta.url),
  indicator: {
    code: 'R024',
    async compute(context): Promise<IndicatorOutput> {
      const { ratios, warnings, partiesOf } = await secondLowestBidRatios(context);
      const threshold = context.own.threshold;
      let q1 = 1;
      let lowerFence: number;
      let meta: [string, number][];
      if (threshold !== undefined) {
        lowerFence = threshold;
        meta = [['lower_fence', lowerFence]];
      } else {
        const values = ratios.map((r) => r.ratio);
        q1 = quantileType8(values, 0.25);
        const q3 = quantileType8(values, 0.75);
        lowerFence = tukeyFences(q1, q3).lower;
        meta = [['q1', q1], ['q3', q3], ['lower_fence', lowerFence]];
      }
      const output: IndicatorOutput = { results: [], meta, maps: [], warnings };
      // Cardinal's guard against a degenerate fence: with Q1 or the fence at 0 every process would flag.
      if (!(q1 > 0 && lowerFence > 0)) return output;
      for (const r of await partiesOf(ratios.filter((ratio) => ratio.ratio <= lowerFence))) {
        output.results.push(
          { group: 'OCID', id: r.ocid, value: r.ratio },
          { group: 'Tenderer', id: r.winner, value: 0, ocids: [r.ocid] },
          { group: 'Tenderer', id: r.lowestOther, value: 0, ocids: [r.ocid] },
        );
        output.maps.push({ field: 'ocid_tenderer_r024', ocid: r.ocid, ids: [r.winner, r.lowestOther] });
      }
      return output;
    },
  },
});
