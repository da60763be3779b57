import type { Evidence } from '../../Rule.ts';
import type { DetectedTender } from './detectPricePatterns.ts';
import type { PricePattern } from './findPricePatterns.ts';

const kindLabel: Record<PricePattern['kind'], string> = {
  identical: '报价完全相同',
  arithmetic: '报价呈等差数列',
  geometric: '报价呈等比数列',
  ceiling_ratio: '报价均为最高投标限价的整数下浮率',
};

const yuan = (v: number) => Math.round(v).toLocaleString('en-US');

function sentence(pattern: PricePattern, ceiling: number | null): string {
  switch (pattern.kind) {
    case 'identical':
      return `${pattern.bids.length} 家投标人报价均为 ${yuan(pattern.step)} 元`;
    case 'arithmetic':
      return `${pattern.bids.length} 家投标人报价呈等差数列，公差约 ${yuan(pattern.step)} 元` +
        (ceiling ? `（约为最高投标限价的 ${((pattern.step / ceiling) * 100).toFixed(2)}%）` : '') +
        `，最大偏差 ${yuan(pattern.maxDeviation)} 元` +
        (pattern.roundStep ? `，公差为整数（${pattern.roundStep.label}）` : '');
    case 'geometric':
      return `${pattern.bids.length} 家投标人报价呈等比数列，相邻报价之比约 ${pattern.step.toFixed(4)}，最大偏差 ${yuan(pattern.maxDeviation)} 元`;
    case 'ceiling_ratio':
      return `${pattern.bids.length} 家投标人报价分别为最高投标限价下浮 ${pattern.bids
        .map((b) => `${((1 - b.price / (ceiling ?? b.price)) * 100).toFixed(1)}%`)
        .join('、')}（均为 ${(pattern.step * 100).toFixed(1)} 个百分点的整数倍）`;
  }
}

/**
 * A4 step 3: the evidence of one tender's hit: a Chinese sentence per pattern with its chance, the facts of the
 * least likely pattern against the threshold, and every counted bid side by side with the pattern's members marked.
 */
export function describePricePatterns(tender: DetectedTender): Evidence {
  const { tenderId, ceiling, patterns, bids, details, threshold } = tender;
  const best = patterns[0]!;
  const members = new Set(patterns.flatMap((pattern) => pattern.bids.map((b) => b.bidId)));
  let previous: number | null = null;
  const tableRows = bids.map((bid) => {
    const row = {
      投标编号: bid.bidId,
      投标人: details.get(bid.bidId)?.bidder_name ?? bid.bidderId,
      '报价(元)': bid.price,
      状态: details.get(bid.bidId)?.status ?? null,
      占最高限价: ceiling ? `${((bid.price / ceiling) * 100).toFixed(3)}%` : null,
      '与上一报价差(元)': previous === null ? null : Math.round((bid.price - previous) * 100) / 100,
      属于规律报价: members.has(bid.bidId) ? '是' : '',
    };
    previous = bid.price;
    return row;
  });
  return {
    summary_zh: `标段 ${tenderId} 中 ${patterns.map((x) => sentence(x, ceiling)).join('；')}，偶然出现的期望次数约 ${best.chance.toExponential(1)}，疑似投标报价呈规律性差异（条例第四十条第（四）项）。`,
    summary_en: `Tender ${tenderId}: ${patterns.map((x) => `${x.kind} pattern over ${x.bids.length} of ${bids.length} bids`).join('; ')}; expected chance occurrences ${best.chance.toExponential(1)}.`,
    facts: {
      pattern_kinds: patterns.map((x) => x.kind).join(','),
      strongest_pattern: best.kind,
      bids_in_pattern: best.bids.length,
      bids_in_tender: bids.length,
      step: best.kind === 'geometric' || best.kind === 'ceiling_ratio' ? Number(best.step.toFixed(6)) : Math.round(best.step * 100) / 100,
      step_share_of_ceiling: ceiling && best.kind === 'arithmetic' ? Number((best.step / ceiling).toFixed(6)) : null,
      round_step: best.roundStep?.label ?? null,
      max_deviation_yuan: Math.round(best.maxDeviation * 100) / 100,
      expected_chance_occurrences: Number(best.chance.toPrecision(3)),
      threshold_max_chance: threshold,
      market_pattern_share: tender.marketPatternShare === null ? null : Number(tender.marketPatternShare.toFixed(3)),
      market_on_grid_share: tender.onGridShare === null ? null : Number(tender.onGridShare.toFixed(4)),
      members_rounded_to_yuan: best.unit,
      share_of_bids_as_round: best.roundShare === 1 ? null : Number((best.roundShare ** (1 / best.bids.length)).toPrecision(3)),
    },
    tables: [{ title_zh: '各投标报价（由低到高）', rows: tableRows }],
    highlight: patterns.flatMap((x) => x.bids.map((b) => b.bidId)),
    patterns: patterns.map((x) => ({ kind: x.kind, label_zh: kindLabel[x.kind], bid_ids: x.bids.map((b) => b.bidId), step: x.step, max_deviation: x.maxDeviation, unit: x.unit, round_share: x.roundShare, round_step: x.roundStep?.label ?? null, chance: x.chance })),
  };
}
