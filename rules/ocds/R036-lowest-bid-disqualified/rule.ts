import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineOcdsRule } from '../defineOcdsRule.ts';
import type { IndicatorOutput } from '../OcdsIndicator.ts';

const sql = readFileSync(new URL('./indicator.sql', import.meta.url), 'utf8');

/** Cardinal R036: the lowest bid was disqualified while a higher one was valid (≈ catalogue E3). */
export const rule = defineOcdsRule({
  id: 'R036-lowest-bid-disqualified',
  title: { zh: '最低价投标被否决', en: 'Lowest bid disqualified' },
  legalBasis: [
    { zh: 'Cardinal R036（OCP 红旗指标）；detections.md E3（最低价投标被否决）；招标投标法实施条例第51条', en: 'Cardinal docs/cli/indicators/R/036; OCP red-flag guide "Lowest bid disqualified"; detections.md E3' },
  ],
  parameters: z.object({}),
  folder: new URL('./', import.meta.url),
  indicator: {
    code: 'R036',
    async compute({ db, mainCurrency }): Promise<IndicatorOutput> {
      const rows = await db.query<{ ocid: string }>(sql, { main_currency: mainCurrency });
      return { results: rows.map((row) => ({ group: 'OCID' as const, id: row.ocid, value: 1 })), meta: null, maps: [], warnings: [] };
    },
  },
});
