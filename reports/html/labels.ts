/** Display names (zh, en) of the closed vocabularies the report shows. */
export const labels = {
  family: {
    collusion: ['围标串标', 'Collusion'],
    qualification: ['挂靠/借用资质', 'Borrowed qualification'],
    splitting: ['化整为零/规避招标', 'Splitting / avoiding tender'],
    approval: ['未批先建/先建后招', 'Building before approval'],
    procedure: ['程序违规', 'Procedure breach'],
    ocds: ['OCDS 红旗指标', 'OCDS red flags'],
  } as Record<string, [string, string]>,
  status: {
    new: ['新线索', 'New'],
    reviewing: ['核查中', 'Reviewing'],
    confirmed: ['已确认', 'Confirmed'],
    dismissed: ['已排除', 'Dismissed'],
  } as Record<string, [string, string]>,
  approvalKind: {
    project_approval: ['立项（可研）批复', 'Project approval'],
    verification: ['项目核准', 'Verification'],
    filing: ['项目备案', 'Filing'],
    land_use: ['用地批准', 'Land use'],
    planning_permit: ['规划许可', 'Planning permit'],
    eia: ['环评批复', 'EIA'],
    energy_review: ['节能审查', 'Energy review'],
    budget_estimate: ['概算批复', 'Budget estimate'],
    construction_permit: ['施工许可', 'Construction permit'],
  } as Record<string, [string, string]>,
  milestoneKind: {
    construction_start: ['开工', 'Construction start'],
    completion: ['竣工', 'Completion'],
    final_account: ['竣工决算', 'Final account'],
    budget: ['预算调整', 'Budget'],
  } as Record<string, [string, string]>,
  method: {
    open: ['公开招标', 'open tender'],
    invited: ['邀请招标', 'invited tender'],
    competitive_negotiation: ['竞争性谈判', 'competitive negotiation'],
    competitive_consultation: ['竞争性磋商', 'competitive consultation'],
    single_source: ['单一来源', 'single source'],
    inquiry: ['询价', 'inquiry'],
    direct: ['直接发包/委托', 'direct award'],
  } as Record<string, [string, string]>,
  category: {
    works: ['工程', 'works'],
    goods: ['货物', 'goods'],
    services: ['服务', 'services'],
  } as Record<string, [string, string]>,
  investmentType: {
    government: ['政府投资', 'government'],
    state_owned: ['国有资金', 'state-owned'],
    private: ['社会投资', 'private'],
    ppp: ['PPP', 'PPP'],
  } as Record<string, [string, string]>,
  approvalRoute: {
    approval: ['审批', 'approval'],
    verification: ['核准', 'verification'],
    filing: ['备案', 'filing'],
  } as Record<string, [string, string]>,
  bidStatus: {
    valid: ['有效', 'valid'],
    disqualified: ['无效/废标', 'disqualified'],
    withdrawn: ['撤回', 'withdrawn'],
  } as Record<string, [string, string]>,
};

/** `[zh, en]` for a code, or the code itself in both languages. */
export const label = (group: keyof typeof labels, code: string): [string, string] => labels[group][code] ?? [code, code];
