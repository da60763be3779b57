/**
 * Chinese names of the facts rules put in their evidence (`evidence.facts`, snake_case keys).
 * A key not listed is shown by its parts (threshold_ → 阈值：…) and, failing that, as itself.
 */
const factLabels: Record<string, string> = {
  shared_trace_kinds: '相同痕迹类型', companies_sharing: '共用企业数', combined_score: '综合强度', shared_persons: '共用人员数',
  shares_project_manager: '共用项目经理', companies_naming_them: '列报该人员的企业数', shared_accounts: '共用账户数',
  minutes_between_payments: '缴纳时间间隔(分钟)', pattern_kinds: '报价规律类型', strongest_pattern: '最强规律', bids_in_pattern: '符合规律的报价数',
  bids_in_tender: '本标段报价数', step: '报价等差(元)', max_deviation_yuan: '最大偏差(元)', expected_chance_occurrences: '偶然出现的期望次数',
  market_on_grid_share: '市场中落在该网格的比例', members_rounded_to_yuan: '整元报价的成员数', share_of_bids_as_round: '整数报价占比',
  n_valid_bids: '有效投标数', calibration_group: '校准分组', market_tenders: '市场标段数', cv: '变异系数', cv_percentile: '变异系数百分位',
  rd: '相对差距', rd_percentile: '相对差距百分位', kurtosis: '峰度', kurtosis_percentile: '峰度百分位', spd: '报价离散度', diffp: '最低两价差比',
  skewness: '偏度', screen_score: '筛查分值', related_pairs: '关联企业对数', relation_kinds: '关联类型', strongest_pair_score: '最强关联强度',
  ring_id: '团伙编号', members: '成员数', ring_tenders: '团伙标段数', first_tender: '首个标段日期', last_tender: '末个标段日期',
  member_wins: '成员中标次数', awarded_tenders: '已定标标段数', group_win_share: '团伙中标占比', member_focus: '成员投标集中度',
  distinct_winners: '不同中标人数', rotation_evenness: '轮流中标均匀度', persistent_losers: '长期陪标企业数', subcontracts_to_members: '分包给成员的合同数',
  signals: '信号', mean_screen_score: '平均筛查分值', screened_tenders: '已筛查标段数', award_price: '中标价(元)', ceiling_price: '最高投标限价(元)',
  ceiling_ratio: '中标价/最高限价', valid_bids: '有效投标数', few_bidders: '投标人过少', related_bidders: '投标人相互关联', relations: '关联关系',
  finding: '发现', bid_deadline_on: '投标截止日', registered_with_bidder: '注册于投标企业', other_registration_companies: '注册所在其他企业',
  is_winner: '是否中标', people_insured_elsewhere: '社保在他处缴纳的人数', involves_project_manager: '涉及项目经理', overlap_days: '重叠天数',
  overlap_from: '重叠开始', overlap_to: '重叠结束', different_companies: '不同企业', required_types: '要求的资质类别', requirement_source: '资质要求来源',
  unqualified_companies: '不具备资质的企业', payer_name: '付款人', payer_account: '付款账户', name_mismatch: '户名不符', account_mismatch: '账户不符',
  account_owner_ids: '账户所有人', subcontracted_share: '分包比例', subcontracted_value: '分包金额(元)', contract_value: '合同金额(元)',
  unqualified_subcontractors: '不具备资质的分包单位', forbidden_scopes: '禁止分包的内容', grouping: '归并方式', buyer_id: '采购人/招标人',
  category: '类别', project_code: '项目代码', subject: '采购标的', n_parts: '拆分份数', total_value: '合计金额(元)', largest_part: '最大一份(元)',
  sum_to_threshold: '合计/限额', first_on: '首份日期', last_on: '末份日期', methods: '采购方式', threshold_basis: '限额依据',
  contracts_in_reference_range: '参照区间合同数', contracts_in_band: '限额下方区间合同数', buyer_band_share: '该采购人区间占比',
  market_band_share: '全市场区间占比', share_to_market: '相对全市场倍数', p_value: 'p 值', q_value: 'q 值（多重检验校正）', buyers_tested: '检验的采购人数',
  method: '招标/采购方式', exemption_reason: '不招标理由', investment_type: '资金性质', value: '金额(元)', value_source: '金额来源', judged_on: '判定日期',
  signed_on: '签订日期', value_to_threshold: '金额/限额', tendered_on: '招标日期', approval_route: '审批方式', required_decision: '应先取得的批复',
  decision_issued_on: '批复日期', decision_doc_no: '批复文号', days_before_decision: '早于批复天数', late_prerequisites: '晚于招标的前置手续',
  missing_prerequisites: '缺少的前置手续', max_days_before_issue: '最多早于手续天数', started_on: '开工日期', start_source: '开工信息来源',
  first_award_on: '首次定标日期', first_announced_on: '首次公告日期', permit_on: '施工许可日期', before_award: '早于定标', before_permit: '早于施工许可',
  missing_permit: '无施工许可', days_before_award: '早于定标天数', days_before_permit: '早于施工许可天数', total_investment: '总投资(元)',
  contract_before_award: '合同早于定标', award_before_deadline: '定标早于投标截止', contract_days_before_award: '合同早于定标天数',
  award_days_before_deadline: '定标早于截止天数', bid_deadline: '投标截止时间', overruns: '超支类型', worst_excess_beyond_tolerance: '超出容差最多的比例',
  bid_period_days: '等标期(日)', announced_on: '公告日期', n_bidders: '投标人数', n_valid_bidders: '有效投标人数', award_id: '定标编号',
  all_but_winner_disqualified: '除中标人外均被否决', disqualified_other_bidders: '被否决的其他投标人数', lowest_bid_disqualified: '最低报价被否决',
  lowest_price: '最低报价(元)', winning_price: '中标价(元)', lowest_to_median: '最低价/中位价', top_share: '最大份额', top_count_share_lower_bound: '份额下限(置信)',
  top_count: '最多中标数', total_count: '合计数', distinct_counterparts: '不同对手方数', market_fence: '市场异常界限', market_median: '市场中位数',
  market_buyers: '市场采购人数', act_on: '行为日期', won: '是否中标', sanction_kinds: '失信/处罚类别',
};

const thresholdPrefix = /^threshold_/;

/** `cv_percentile` → `变异系数百分位`; `threshold_min_days` → `阈值：min_days`; unknown keys → themselves. */
export function factLabel(key: string): string {
  if (factLabels[key]) return factLabels[key];
  if (thresholdPrefix.test(key)) {
    const rest = key.replace(thresholdPrefix, '');
    return `阈值：${factLabels[rest] ?? factLabels[rest.replace(/^(min|max)_/, '')] ?? rest}${/^min_/.test(rest) && factLabels[rest.replace(/^min_/, '')] ? '（下限）' : /^max_/.test(rest) && factLabels[rest.replace(/^max_/, '')] ? '（上限）' : ''}`;
  }
  return key;
}
