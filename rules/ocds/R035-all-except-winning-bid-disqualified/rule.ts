import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineOcdsRule } from '../defineOcdsRule.ts';
import type { IndicatorOutput } from '../OcdsIndicator.ts';

const sql = readFileSync(new URL('./indicator.sql', import.meta.url), 'utf8');

/** Cardinal R035: every bid except the winner's was disqualified (≈ catalogue E3). */
export const rule = defineOcdsRule({
  id: 'R035-all-except-winning-bid-disqualified',
  title: { zh: '除中标人外其余投标均被否决', en: 'All except winning bid disqualified' },
  legalBasis: [
    { zh: 'Cardinal R035（OCP 红旗指标）；detections.md E3（除中标人外均被否决）；招标投标法实施条例第51条（否决投标的法定情形）', en: 'Cardinal docs/cli/indicators/R/035; OCP red-flag guide "All except winning bid disqualified"; detections.md E3' },
  ],
  parameters: z.object({
    threshold: z.number().int().nonnegative().default(1).describe('Minimum number of other tenderers disqualified; values below 1 count as 1 (Cardinal default 1)'),
  }),
  folder: new URL('./', import.meta.url),
  indicator: {
    code: 'R035',
    async compute({ db, own }): Promise<IndicatorOutput> {
      const rows = await db.query<{ ocid: string; winner: string; disqualified_others: number }>(sql, { threshold: Math.max(own.threshold ?? 1, 1) });
      const output: IndicatorOutput = { results: [], meta: null, maps: [], warnings: [] };
      for (const row of rows) {
        output.results.push({ group: 'OCID', id: row.ocid, value: row.disqualified_others }, { group: 'Tenderer', id: row.winner, value: 0, ocids: [row.ocid] });
        output.maps.push({ field: 'ocid_tenderer_r035', ocid: row.ocid, ids: [row.winner] });
      }
      return output;
    },
  },
});
