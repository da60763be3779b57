import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineOcdsRule } from '../defineOcdsRule.ts';
import type { IndicatorOutput } from '../OcdsIndicator.ts';

const sql = readFileSync(new URL('./indicator.sql', import.meta.url), 'utf8');

/** Cardinal R028: different tenderers bid exactly the same price in one process. */
export const rule = defineOcdsRule({
  id: 'R028-identical-bid-prices',
  title: { zh: '不同投标人报价完全相同', en: 'Identical bid prices' },
  legalBasis: [
    { zh: 'Cardinal R028（OCP 红旗指标）；招标投标法实施条例第40条第（四）项（不同投标人的投标报价呈规律性差异，视为串通投标）', en: 'Cardinal docs/cli/indicators/R/028; OCP red-flag guide "Identical bid prices"; Regulation Art. 40(4)' },
  ],
  parameters: z.object({}),
  folder: new URL('./', import.meta.url),
  indicator: {
    code: 'R028',
    async compute({ db }): Promise<IndicatorOutput> {
      const rows = await db.query<{ ocid: string; tenderer_ids: string[] }>(sql);
      const output: IndicatorOutput = { results: [], meta: null, maps: [], warnings: [] };
      for (const row of rows) {
        output.results.push({ group: 'OCID', id: row.ocid, value: 1 });
        for (const id of row.tenderer_ids) output.results.push({ group: 'Tenderer', id, value: 1, ocids: [row.ocid] });
        output.maps.push({ field: 'ocid_tenderer_r028', ocid: row.ocid, ids: row.tenderer_ids });
      }
      return output;
    },
  },
});
