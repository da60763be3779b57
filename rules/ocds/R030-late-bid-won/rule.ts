import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineOcdsRule } from '../defineOcdsRule.ts';
import type { IndicatorOutput } from '../OcdsIndicator.ts';

const sql = readFileSync(new URL('./indicator.sql', import.meta.url), 'utf8');

/** Cardinal R030: the winner's bid was submitted after the deadline. */
export const rule = defineOcdsRule({
  id: 'R030-late-bid-won',
  title: { zh: '逾期投标而中标', en: 'Late bid won' },
  legalBasis: [
    { zh: 'Cardinal R030（OCP 红旗指标）；招标投标法第28条（在截止时间后送达的投标文件，招标人应当拒收）', en: 'Cardinal docs/cli/indicators/R/030; OCP red-flag guide "Late bid won"; PRC Bidding Law Art. 28' },
  ],
  parameters: z.object({}),
  folder: new URL('./', import.meta.url),
  indicator: {
    code: 'R030',
    async compute({ db }): Promise<IndicatorOutput> {
      const rows = await db.query<{ ocid: string; tenderer_ids: string[] }>(sql);
      const output: IndicatorOutput = { results: [], meta: null, maps: [], warnings: [] };
      for (const row of rows) {
        output.results.push({ group: 'OCID', id: row.ocid, value: 1 });
        for (const id of row.tenderer_ids) output.results.push({ group: 'Tenderer', id, value: 1, ocids: [row.ocid] });
        output.maps.push({ field: 'ocid_tenderer_r030', ocid: row.ocid, ids: row.tenderer_ids });
      }
      return output;
    },
  },
});
