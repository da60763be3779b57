import { rules } from '../rules/registry.ts';
import { maskSensitive } from './maskSensitive.ts';
import type { ReportFlag, ReportLead, RunReport } from './loadRunReport.ts';
import type { RuleRunResult } from '../rules/runRules.ts';

const statusText: Record<string, string> = { new: '新线索', reviewing: '核查中', confirmed: '已确认', dismissed: '已排除' };
const familyText: Record<string, string> = {
  collusion: '围标串标',
  qualification: '挂靠/借用资质',
  splitting: '化整为零/规避招标',
  approval: '未批先建/先建后招',
  procedure: '程序违规',
  ocds: 'OCDS 红旗指标',
};
const ruleById = new Map(rules.map((rule) => [rule.id, rule]));

const cell = (value: unknown) => String(value ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(rows: Record<string, unknown>[], limit = 30): string[] {
  if (rows.length === 0) return [];
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const lines = [`| ${columns.map(cell).join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`];
  for (const row of rows.slice(0, limit)) lines.push(`| ${columns.map((c) => cell(maskSensitive(c, row[c]))).join(' | ')} |`);
  if (rows.length > limit) lines.push(`| … 共 ${rows.length} 行，此处显示前 ${limit} 行 |`);
  return lines;
}

function renderFlag(flag: ReportFlag): string[] {
  const rule = ruleById.get(flag.rule_id);
  const lines = [`#### ${flag.detection} ${rule?.title.zh ?? flag.rule_id}（分值 ${flag.score.toFixed(2)}）`, '', flag.evidence.summary_zh, ''];
  if (rule) lines.push(`**法律依据**：${rule.legalBasis.map((basis) => basis.zh).join('；')}`, '');
  const facts = Object.entries(flag.evidence.facts ?? {});
  if (facts.length > 0) lines.push(...table([Object.fromEntries(facts)]), '');
  for (const evidenceTable of flag.evidence.tables ?? []) lines.push(`*${evidenceTable.title_zh}*`, '', ...table(evidenceTable.rows), '');
  const parameters = Object.entries(flag.evidence.parameters ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  if (parameters.length > 0) lines.push(`参数：${parameters.join('，')}`, '');
  lines.push(`记录编号：${flag.record_ids.join('、') || '—'}（规则 ${flag.rule_id}，命中编号 ${flag.flag_id}）`, '');
  return lines;
}

/** What the Markdown head says of the run as a whole (the whole report, or its header while the leads stream). */
export interface MarkdownSummary {
  run: RunReport['run'];
  previousRunId: string | null;
  counts: RunReport['counts'];
  leadCount: number;
  newLeadCount: number;
  inactiveLeadCount: number;
}

/**
 * The Markdown report in three parts, so writeRunReport.ts can stream it batch by batch:
 * `head` (summary counts, rule status, data gaps, the leads' heading), one `lead` per ranked lead
 * up to the limit, and `tail` (how many leads were left out). Each returns its lines; the report
 * is all of them joined by newlines, with `<` escaped (escapeMarkdown).
 */
export const markdownSections = {
  head(summary: MarkdownSummary): string[] {
    const { run } = summary;
    const gaps = (run.summary.dataGaps ?? {}) as Record<string, number>;
    const lines = [
      `# bidwatch 问题线索报告`,
      '',
      `扫描编号 ${run.run_id}，开始于 ${run.started_at}，数据来源 ${run.input ?? '数据库（未加载文件）'}。`,
      '',
      '> 本报告所列均为疑似问题线索，是进一步核查的理由，不是定性结论。',
      '',
      '## 概况',
      '',
      `- 本次线索 ${summary.leadCount} 条，其中新线索 ${summary.newLeadCount} 条${summary.previousRunId ? `（相对上次扫描 ${summary.previousRunId}）` : ''}；本次未再出现的历史线索 ${summary.inactiveLeadCount} 条（保留，未删除）。`,
      `- 命中 ${summary.counts.reduce((sum, c) => sum + c.hits, 0)} 条，按检测项：`,
      '',
      ...table(summary.counts.map((c) => ({ 检测项: c.detection, 规则: ruleById.get(c.rule_id)?.title.zh ?? c.rule_id, 命中数: c.hits })), 100),
      '',
    ];
    lines.push(...ruleStatusLines((run.summary.rules ?? []) as RuleRunResult[]));
    const gapEntries = Object.entries(gaps);
    if (gapEntries.length > 0) {
      lines.push('数据缺口（引用无法解析的记录，不作为命中）：', '', ...table(gapEntries.map(([kind, n]) => ({ 缺口类型: kind, 记录数: n }))), '');
    }
    lines.push('## 线索（按分值排序）', '');
    return lines;
  },

  /** The lead ranked `index + 1`. */
  lead(lead: ReportLead, index: number, companyNames: Record<string, string>): string[] {
    const companies = lead.company_ids.map((id) => `${companyNames[id] ?? id}（${id}）`);
    const lines = [
      `### ${index + 1}. ${lead.title}`,
      '',
      `- 线索编号：**${lead.lead_id}** · 分值 ${lead.score.toFixed(2)} · 类别 ${familyText[lead.family] ?? lead.family} · 状态 ${statusText[lead.status] ?? lead.status}${lead.is_new ? ' · 🆕 本次新增' : ''}`,
      `- 首次发现 ${lead.first_seen_run}，最近发现 ${lead.last_seen_run}`,
      `- 检测项：${lead.detections.join('、')}`,
      `- 涉及企业：${companies.join('；') || '—'}`,
      `- 涉及标段：${lead.tender_ids.join('、') || '—'}`,
      `- 涉及项目：${lead.project_codes.join('、') || '—'}`,
      `- 涉及人员（化名编号）：${lead.person_ids.join('、') || '—'}`,
    ];
    if (lead.review_note) lines.push(`- 核查意见：${lead.review_note}（${lead.reviewer}，${lead.reviewed_at}）`);
    lines.push('', ...lead.flags.flatMap(renderFlag));
    return lines;
  },

  tail(leadCount: number, limit: number): string[] {
    return leadCount > limit ? [`（另有 ${leadCount - limit} 条线索，见 leads.json）`, ''] : [];
  },

  // Record text is free text: most Markdown viewers render inline HTML, so a `<script>` in a
  // tender title must not become a tag. The report itself writes no HTML.
  escape(text: string): string {
    return text.replace(/</g, '&lt;');
  },
};

/**
 * The run's case leads as a Chinese Markdown report: summary counts, then the leads ranked by
 * score, each with its hits, evidence, legal basis and the record ids to check at the source.
 */
export function renderMarkdown(report: RunReport, limit = 200): string {
  const lines = markdownSections.head({
    run: report.run,
    previousRunId: report.previousRunId,
    counts: report.counts,
    leadCount: report.leads.length,
    newLeadCount: report.leads.filter((lead) => lead.is_new).length,
    inactiveLeadCount: report.inactiveLeads.length,
  });
  report.leads.slice(0, limit).forEach((lead, index) => lines.push(...markdownSections.lead(lead, index, report.companies)));
  lines.push(...markdownSections.tail(report.leads.length, limit));
  return markdownSections.escape(lines.join('\n'));
}

const statusZh: Record<RuleRunResult['status'], string> = { ran: '已运行', skipped: '因缺少数据跳过', failed: '运行失败' };
const share = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);

/**
 * The run section's rule table: each rule ran, was skipped for lack of data (absent data is
 * never evidence) or failed, with its coverage and flag rate; a statistical rule above its
 * flag-rate ceiling is named, its hits withheld from flags and leads.
 */
function ruleStatusLines(results: RuleRunResult[]): string[] {
  if (results.length === 0) return [];
  const rows = results.map((result) => ({
    规则: result.ruleId,
    状态: statusZh[result.status] + (result.nonDiscriminating ? '（区分度不足，命中不进入线索）' : ''),
    数据覆盖率: share(result.coverage),
    命中数: result.hits,
    命中率: share(result.flagRate),
    命中率上限: share(result.maxFlagRate),
    说明: result.reason ?? '',
  }));
  return ['各规则运行情况（数据覆盖率 = 具备所需数据的候选记录占比；缺少数据不作为命中依据）：', '', ...table(rows, 200), ''];
}
