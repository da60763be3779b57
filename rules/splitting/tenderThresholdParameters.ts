import { z } from 'zod';

const amount = (fallback: number) => z.number().positive().default(fallback);

const categoryAmounts = (works: number, goods: number, services: number) =>
  z
    .object({ works: amount(works), goods: amount(goods), services: amount(services) })
    .default({ works, goods, services });

const regionalOverride = z.object({
  region_prefix: z
    .string()
    .regex(/^\d{2,6}$/)
    .describe('Prefix of the 6-digit 行政区划代码: 2 digits a province, 4 a city, 6 a county.'),
  valid_from: z.iso.date().optional().describe('First day the regional threshold applies (inclusive); open when absent.'),
  valid_to: z.iso.date().optional().describe('Day the regional threshold stops applying (exclusive); open when absent.'),
  works: z.number().positive().optional(),
  goods: z.number().positive().optional(),
  services: z.number().positive().optional(),
});

/**
 * The must-tender thresholds (依法必须招标的规模标准) as rule parameters, in ONE place: every
 * splitting rule (C1–C4) spreads this shape into its own parameters, and
 * `installTenderThresholds` turns the values into the temp tables the rules' SQL joins.
 *
 * @example
 * const parameters = z.object({ ...tenderThresholdParameters, min_parts: z.number().default(2).describe('…') });
 */
export const tenderThresholdParameters = {
  threshold_changeover_on: z.iso
    .date()
    .default('2018-06-01')
    .describe('NDRC Order 16 (必须招标的工程项目规定) takes effect 2018-06-01 (Art. 6); procurements judged on an earlier day use `thresholds_before`.'),
  thresholds_before: categoryAmounts(2_000_000, 1_000_000, 500_000).describe(
    'Single-contract thresholds before 2018-06-01, yuan: 原国家计委令第3号《工程建设项目招标范围和规模标准规定》(2000) Art. 7: works 200万, goods 100万, services 50万.',
  ),
  thresholds_from: categoryAmounts(4_000_000, 2_000_000, 1_000_000).describe(
    'Single-contract thresholds from 2018-06-01, yuan: NDRC Order 16 Art. 5: 施工 400万, 重要设备材料 200万, 勘察设计监理等服务 100万.',
  ),
  regional_thresholds: z
    .array(regionalOverride)
    .default([])
    .describe(
      'Regional overrides (detections.md C: "regions set lower ones"): each entry a region-code prefix, an optional validity period and the categories it changes; the longest matching prefix wins, then the latest valid_from. Default none: national thresholds everywhere.',
    ),
};

export type TenderThresholdParameters = z.infer<z.ZodObject<typeof tenderThresholdParameters>>;
