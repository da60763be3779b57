import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineOcdsRule } from '../defineOcdsRule.ts';
import type { IndicatorOutput } from '../OcdsIndicator.ts';
import { rfc3339Nanoseconds } from '../rfc3339Nanoseconds.ts';

const sql = readFileSync(new URL('./indicator.sql', import.meta.url), 'utf8');
const nanosecondsPerDay = 86_400_000_000_000n;

/** Cardinal R003: the submission period is shorter than a threshold in days. */
export const rule = defineOcdsRule({
  id: 'R003-short-submission-period',
  title: { zh: '投标截止期过短', en: 'Short submission period' },
  legalBasis: [
    { zh: 'Cardinal R003（OCP 红旗指标）；招标投标法第24条（依法必须招标的项目自招标文件发出之日起至提交投标文件截止之日止不得少于20日）', en: 'Cardinal docs/cli/indicators/R/003; OCP red-flag guide "Short submission period"; PRC Bidding Law Art. 24' },
  ],
  parameters: z.object({
    threshold: z.number().int().default(15).describe('Minimum days from tenderPeriod.startDate to endDate; Cardinal default 15'),
    procurement_methods: z.array(z.string()).default([]).describe('tender.procurementMethod values checked; empty = all (Cardinal default)'),
    procurement_method_details: z.record(z.string(), z.number().int()).optional().describe('Days per tender.procurementMethodDetails value, overriding threshold (Cardinal [R003.procurement_method_details])'),
  }),
  folder: new URL('./', import.meta.url),
  indicator: {
    code: 'R003',
    async compute({ db, own }): Promise<IndicatorOutput> {
      const byDetails = own.procurement_method_details ?? {};
      const rows = await db.query<{ ocid: string; procurement_method_details: string | null; tender_start_date: string; tender_end_date: string }>(sql, {
        procurement_methods: own.procurement_methods ?? [],
        max_days: Math.max(own.threshold ?? 15, ...Object.values(byDetails)),
      });
      const results: IndicatorOutput['results'] = [];
      for (const row of rows) {
        const start = rfc3339Nanoseconds(row.tender_start_date);
        const end = rfc3339Nanoseconds(row.tender_end_date);
        if (start === null || end === null) continue;
        // BigInt division truncates toward zero, as chrono's Duration::num_days does.
        const days = Number((end - start) / nanosecondsPerDay);
        const details = row.procurement_method_details;
        const perDetails = details !== null && Object.hasOwn(byDetails, details) ? byDetails[details] : undefined;
        const threshold = perDetails ?? own.threshold ?? 15;
        if (days < threshold) results.push({ group: 'OCID', id: row.ocid, value: 1 });
      }
      return { results, meta: null, maps: [], warnings: [] };
    },
  },
});
