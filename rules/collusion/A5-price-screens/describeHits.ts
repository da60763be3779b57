import type { Database } from '../../../db/Database.ts';
import type { RuleHit } from '../../Rule.ts';
import { groupBy } from '../../../db/groupBy.ts';

export interface DescribeSettings {
  min_score: number;
  max_cv_percentile: number;
  w_cv: number;
  screen_model: string | null;
  min_model_probability: number;
}

interface FlaggedRow {
  tender_id: string;
  calibration_group: string;
  group_tenders: number;
  n_bids: number;
  cv: number;
  rd: number | null;
  spd: number;
  diffp: number;
  kurtosis: number | null;
  skewness: number | null;
  b1c: number | null;
  p_cv: number;
  p_rd: number | null;
  p_kurtosis: number | null;
  p_spd: number;
  p_diffp: number;
  p_skewness: number | null;
  p_b1c: number | null;
  secondary: number;
  score: number;
}

interface Reference {
  calibration_group: string;
  screen: string;
  p10: number | null;
  p50: number | null;
  p90: number | null;
}

interface BidRow {
  tender_id: string;
  bid_id: string;
  bidder_id: string;
  bidder_name: string | null;
  price: number;
  status: string;
  is_winner: boolean;
}


const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}`);
const fixed = (v: number | null, digits: number) => (v === null ? null : Number(v.toFixed(digits)));

/**
 * Describe: turns the flagged tenders (temp table `a5_flagged`) into hits whose evidence shows every
 * screen with its percentile and the reference group's P10 / median / P90, and the bids.
 */
export async function describeHits(db: Database, p: DescribeSettings): Promise<RuleHit[]> {
  const flagged = await db.query<FlaggedRow>(
    `select tender_id, calibration_group, group_tenders::double as group_tenders, n_bids::double as n_bids,
            cv, rd, spd, diffp, kurtosis, skewness, b1c, p_cv, p_rd, p_kurtosis, p_spd, p_diffp, p_skewness, p_b1c, secondary, score
     from a5_flagged order by tender_id`,
  );
  if (flagged.length === 0) return [];
  const references = await db.query<Reference>(
    `with groups as (select distinct calibration_group from a5_flagged),
     screen_values as (
         unpivot (select calibration_group, cv, rd, kurtosis, spd, diffp, skewness, b1c from a5_scored where calibration_group in (select * from groups))
         on cv, rd, kurtosis, spd, diffp, skewness, b1c into name screen value v
     )
     select calibration_group, screen,
            quantile_cont(v, 0.1) as p10, quantile_cont(v, 0.5) as p50, quantile_cont(v, 0.9) as p90
     from screen_values group by all`,
  );
  const bids = await db.query<BidRow>(
    `select bids.tender_id, bids.bid_id, bids.bidder_id, bids.bidder_name, bids.price, bids.status, bids.is_winner
     from mart_bids as bids
     inner join a5_flagged using (tender_id)
     order by bids.tender_id, bids.price`,
  );
  const bidsByTender = groupBy(bids, (b) => b.tender_id);
  const refByGroup = groupBy(references, (r) => r.calibration_group);
  const scoreName = p.screen_model === null ? '综合得分' : '模型概率';

  return flagged.map((row) => {
    const tenderBids = bidsByTender.get(row.tender_id) ?? [];
    const valid = tenderBids.filter((b) => b.status === 'valid' && b.price > 0);
    const refs = new Map((refByGroup.get(row.calibration_group) ?? []).map((r) => [r.screen, r]));
    const screenRow = (name: string, zh: string, value: number | null, percentile: number | null, direction: string, digits: number) => {
      const ref = refs.get(name);
      return {
        指标: zh,
        本标段: fixed(value, digits),
        '同市场百分位(%)': percentile === null ? null : Math.round(percentile * 100),
        市场P10: fixed(ref?.p10 ?? null, digits),
        市场中位数: fixed(ref?.p50 ?? null, digits),
        市场P90: fixed(ref?.p90 ?? null, digits),
        串标时的方向: direction,
      };
    };
    const summary =
      `标段 ${row.tender_id} 的 ${row.n_bids} 个有效报价离散度异常：变异系数 CV=${(row.cv * 100).toFixed(2)}%（在 ${row.calibration_group} 的 ${row.group_tenders} 个标段中处于第 ${pct(row.p_cv)} 百分位），` +
      `RD=${row.rd === null ? '—' : row.rd.toFixed(2)}（第 ${pct(row.p_rd)} 百分位），偏度=${row.skewness === null ? '—' : row.skewness.toFixed(2)}（第 ${pct(row.p_skewness)} 百分位），` +
      `最低价/最高限价=${row.b1c === null ? '—' : row.b1c.toFixed(3)}（第 ${pct(row.p_b1c)} 百分位），` +
      `${scoreName} ${row.score.toFixed(2)}，疑似报价经过协调（围标串标价格筛查）。`;
    return {
      tender_id: row.tender_id,
      company_ids: [...new Set(valid.map((b) => b.bidder_id))].sort(),
      record_ids: valid.map((b) => b.bid_id).sort(),
      score: Math.min(0.9, 0.3 + 0.5 * row.score),
      evidence: {
        summary_zh: summary,
        summary_en:
          `Tender ${row.tender_id}: CV ${(row.cv * 100).toFixed(2)} % (percentile ${pct(row.p_cv)} of ${row.group_tenders} tenders in ${row.calibration_group}), ` +
          `RD ${row.rd?.toFixed(2) ?? '—'}, skewness ${row.skewness?.toFixed(2) ?? '—'}, lowest bid / ceiling ${row.b1c?.toFixed(3) ?? '—'}: ` +
          `${p.screen_model === null ? 'screen score' : 'model probability'} ${row.score.toFixed(2)}.`,
        facts: {
          n_valid_bids: row.n_bids,
          calibration_group: row.calibration_group,
          market_tenders: row.group_tenders,
          cv: fixed(row.cv, 5),
          cv_percentile: fixed(row.p_cv, 3),
          rd: fixed(row.rd, 3),
          rd_percentile: fixed(row.p_rd, 3),
          kurtosis: fixed(row.kurtosis, 3),
          kurtosis_percentile: fixed(row.p_kurtosis, 3),
          skewness: fixed(row.skewness, 3),
          skewness_percentile: fixed(row.p_skewness, 3),
          lowest_bid_to_ceiling: fixed(row.b1c, 4),
          lowest_bid_to_ceiling_percentile: fixed(row.p_b1c, 3),
          spd: fixed(row.spd, 5),
          diffp: fixed(row.diffp, 5),
          secondary_suspicion: fixed(row.secondary, 3),
          screen_score: fixed(row.score, 3),
          score_method: p.screen_model === null ? `${fixed(p.w_cv, 3)}·(1 − CV percentile) + ${fixed(1 - p.w_cv, 3)}·mean(RD, skewness, lowest bid/ceiling suspicion percentiles)` : `supervised model ${p.screen_model}`,
          ...(p.screen_model === null
            ? { threshold_min_score: p.min_score, threshold_max_cv_percentile: p.max_cv_percentile }
            : { threshold_min_model_probability: p.min_model_probability }),
        },
        tables: [
          {
            title_zh: `价格筛查指标与同市场分布（${row.calibration_group}，${row.group_tenders} 个标段）`,
            rows: [
              screenRow('cv', '变异系数 CV', row.cv, row.p_cv, '偏低', 5),
              screenRow('rd', '相对距离 RD', row.rd, row.p_rd, '偏高', 3),
              screenRow('kurtosis', '峰度（仅展示）', row.kurtosis, row.p_kurtosis, '偏高', 3),
              screenRow('skewness', '偏度', row.skewness, row.p_skewness, '偏负（左偏）', 3),
              screenRow('b1c', '最低价/最高限价', row.b1c, row.p_b1c, '偏高（接近限价）', 4),
              screenRow('spd', '极差率 SPD（仅展示）', row.spd, row.p_spd, '偏低', 5),
              screenRow('diffp', '最低两价差率 DIFFP（仅展示）', row.diffp, row.p_diffp, '偏高', 5),
            ],
          },
          {
            title_zh: '各投标报价（由低到高）',
            rows: tenderBids.map((b) => ({
              投标编号: b.bid_id,
              投标人: b.bidder_name ?? b.bidder_id,
              '报价(元)': b.price,
              状态: b.status,
              中标: b.is_winner ? '是' : '',
            })),
          },
        ],
      },
    };
  });
}
