import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineOcdsRule } from '../defineOcdsRule.ts';

const sql = readFileSync(new URL('./indicator.sql', import.meta.url), 'utf8');

/** Cardinal R018: a competitive procedure that received a single bid. */
export const rule = defineOcdsRule({
  id: 'R018-single-bid-received',
  title: { zh: '仅收到一份投标', en: 'Single bid received' },
  legalBasis: [
    { zh: 'Cardinal R018（OCP 红旗指标）；招标投标法第28条（投标人少于三个的，应当重新招标）', en: 'Cardinal docs/cli/indicators/R/018; OCP red-flag guide "Single bid received"; PRC Bidding Law Art. 28' },
  ],
  parameters: z.object({
    procurement_methods: z.array(z.string()).default(['open', 'selective']).describe('tender.procurementMethod values checked; Cardinal default open|selective; an empty list = all'),
  }),
  folder: new URL('./', import.meta.url),
  indicator: {
    code: 'R018',
    async compute({ db, own }) {
      const rows = await db.query<{ ocid: string }>(sql, { procurement_methods: own.procurement_methods ?? ['open', 'selective'] });
      return { results: rows.map((row) => ({ group: 'OCID' as const, id: row.ocid, value: 1 })), meta: null, maps: [], warnings: [] };
    },
  },
});
