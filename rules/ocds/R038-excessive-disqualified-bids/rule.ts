import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { defineOcdsRule } from '../defineOcdsRule.ts';
import type { CardinalGroup, IndicatorOutput } from '../OcdsIndicator.ts';
import { quantileType8, tukeyFences } from '../cardinalStatistics.ts';

const sql = readFileSync(new URL('./indicator.sql', import.meta.url), 'utf8');
const mapsSql = readFileSync(new URL('./maps.sql', import.meta.url), 'utf8');

/** Cardinal R038: an organisation whose bids are disqualified far more often than others'. */
export const rule = defineOcdsRule({
  id: 'R038-excessive-disqualified-bids',
  title: { zh: '投标被否决比例异常高', en: 'Excessive disqualified bids' },
  legalBasis: [
    { zh: 'Cardinal R038（OCP 红旗指标：采购人/代理机构频繁否决投标，或投标人长期被否决）；detections.md E3', en: 'Cardinal docs/cli/indicators/R/038; OCP red-flag guide "Excessive disqualified bids"; detections.md E3' },
  ],
  parameters: z.object({
    threshold: z.number().optional().describe('Upper fence for the disqualified ratio; default: computed per group as Q3 + 1.5·IQR (type-8 quartiles)'),
    minimum_submitted_bids: z.number().int().nonnegative().default(2).describe('Submitted bids a tenderer needs to be judged; Cardinal default 2'),
    minimum_contracting_processes: z.number().int().nonnegative().default(2).describe("Submitted bids (Cardinal counts bids, not processes) a buyer or procuring entity needs; Cardinal default 2"),
  }),
  folder: new URL('./', import.meta.url),
  indicator: {
    code: 'R038',
    async compute({ db, own, maps }): Promise<IndicatorOutput> {
      const rows = await db.query<{ grp: CardinalGroup; id: string; numerator: number; denominator: number }>(sql);
      const output: IndicatorOutput = { results: [], meta: [], maps: [], warnings: [] };
      for (const group of ['Buyer', 'ProcuringEntity', 'Tenderer'] as const) {
        const minimum = group === 'Tenderer' ? (own.minimum_submitted_bids ?? 2) : (own.minimum_contracting_processes ?? 2);
        const kept = rows.filter((r) => r.grp === group && r.denominator >= minimum).map((r) => ({ id: r.id, ratio: r.numerator / r.denominator }));
        if (kept.length === 0) continue;
        let upperFence: number;
        if (own.threshold !== undefined) {
          upperFence = own.threshold;
        } else {
          const q1 = quantileType8(kept.map((k) => k.ratio), 0.25);
          const q3 = quantileType8(kept.map((k) => k.ratio), 0.75);
          upperFence = tukeyFences(q1, q3).upper;
          output.meta!.push([`${group}_q1`, q1], [`${group}_q3`, q3]);
        }
        output.meta!.push([`${group}_upper_fence`, upperFence]);
        if (!(upperFence > 0)) continue;
        for (const k of kept) if (k.ratio >= upperFence) output.results.push({ group, id: k.id, value: k.ratio });
      }
      const mapRows = maps ? await db.query<{ ocid: string; buyer_id: string | null; procuring_entity_id: string | null }>(mapsSql) : [];
      for (const row of mapRows) {
        if (row.buyer_id !== null) output.maps.push({ field: 'ocid_buyer_r038', ocid: row.ocid, ids: row.buyer_id });
        if (row.procuring_entity_id !== null) output.maps.push({ field: 'ocid_procuringentity_r038', ocid: row.ocid, ids: row.procuring_entity_id });
      }
      return output;
    },
  },
});
