import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineOcdsRule } from '../defineOcdsRule.ts';
import type { IndicatorOutput } from '../OcdsIndicator.ts';
import { rfc3339Nanoseconds } from '../rfc3339Nanoseconds.ts';

const sql = readFileSync(new URL('./indicator.sql', import.meta.url), 'utf8');
const nanosecondsPerDay = 86_400_000_000_000n;

/**
 * The date-times indicator.sql counts in SQL: the form publishers write (seconds, at most six
 * fraction digits, `Z` or `±hh:mm`, hours 00–23, years 1000–9999), which chrono and DuckDB read to
 * the same microsecond. On 100k generated releases nearly every candidate is in it, and sending
 * their dates back to be parsed here took ~50 of R003's ~85 ms.
 */
export const plainDateTime = String.raw`[1-9]\d{3}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)`;

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
      const rows = await db.query<{
        ocid: string;
        procurement_method_details: string | null;
        tender_start_date: string | null;
        tender_end_date: string | null;
        exact_days: number | null;
      }>(sql, {
        procurement_methods: own.procurement_methods ?? [],
        max_days: Math.max(own.threshold ?? 15, ...Object.values(byDetails)),
        plain_date_time: plainDateTime,
      });
      const results: IndicatorOutput['results'] = [];
      for (const row of rows) {
        const days = row.exact_days ?? daysBetween(row.tender_start_date!, row.tender_end_date!);
        if (days === null) continue;
        const details = row.procurement_method_details;
        const perDetails = details !== null && Object.hasOwn(byDetails, details) ? byDetails[details] : undefined;
        const threshold = perDetails ?? own.threshold ?? 15;
        if (days < threshold) results.push({ group: 'OCID', id: row.ocid, value: 1 });
      }
      return { results, meta: null, maps: [], warnings: [] };
    },
  },
});

/** Whole days from `start` to `end` as chrono counts them, or null when chrono refuses either date. */
function daysBetween(start: string, end: string): number | null {
  const from = rfc3339Nanoseconds(start);
  const to = rfc3339Nanoseconds(end);
  if (from === null || to === null) return null;
  // BigInt division truncates toward zero, as chrono's Duration::num_days does.
  return Number((to - from) / nanosecondsPerDay);
}
