import type { Rule } from '../../rules/Rule.ts';
import type { RuleRunResult } from '../../rules/runRules.ts';
import type { LeadContext } from '../loadLeadContext.ts';
import type { ReportLead, RunReport } from '../loadRunReport.ts';
import { bi, esc, leadFile } from './markup.ts';
import { label, labels } from './labels.ts';
import { renderPage } from './renderPage.ts';
import { indexScript } from './indexScript.ts';
import { regionName } from './regionName.ts';

/** Where a lead sits, for the index's region and buyer filters (from its tenders and projects). */
export function leadPlaces(lead: Pick<ReportLead, 'tender_ids' | 'project_codes'>, context: LeadContext): { regions: string[]; buyers: string[] } {
  const regions = new Set<string>();
  const buyers = new Set<string>();
  for (const id of lead.tender_ids) {
    const tender = context.tenders.get(id);
    if (!tender) continue;
    if (tender.region_code) regions.add(tender.region_code);
    buyers.add(tender.buyer_id);
  }
  for (const code of lead.project_codes) {
    const project = context.projects.get(code);
    if (!project) continue;
    if (project.region_code) regions.add(project.region_code);
    buyers.add(project.owner_id);
  }
  return { regions: [...regions].sort(), buyers: [...buyers].sort() };
}

/**
 * The run's index: counts, the leads ranked by score with filters (family, detection, region,
 * buyer, status, new since the last scan) and search, the exports, and the earlier leads this
 * scan did not see again (kept, never deleted). The leads travel as inline JSON; the page
 * filters them without a server.
 */
export function renderIndexPage(report: RunReport, context: LeadContext, rules: ReadonlyMap<string, Rule>): string {
  const name = (id: string) => report.companies[id] ?? context.companies.get(id) ?? id;
  const names: Record<string, string> = {};
  const rows = report.leads.map((lead) => {
    const { regions, buyers } = leadPlaces(lead, context);
    for (const id of buyers) names[id] = name(id);
    const text = [lead.lead_id, lead.title, ...lead.company_ids, ...lead.company_ids.map(name), ...lead.tender_ids, ...lead.project_codes, lead.review_note ?? '']
      .join(' ').toLowerCase();
    return {
      id: lead.lead_id, file: leadFile(lead.lead_id), title: lead.title, family: lead.family, score: lead.score, status: lead.status,
      detections: lead.detections, regions, buyers, isNew: lead.is_new, note: lead.review_note, text,
    };
  });
  const detections: Record<string, string> = {};
  for (const rule of rules.values()) detections[rule.detection] ??= rule.title.zh;
  const regionNames = Object.fromEntries([...new Set(rows.flatMap((row) => row.regions))].map((code) => [code, regionName(code)]));
  const data = JSON.stringify({ leads: rows, labels, names, detections, regionNames }).replace(/</g, '\\u003c');
  const { run } = report;
  const newLeads = report.leads.filter((lead) => lead.is_new).length;
  const hits = report.counts.reduce((sum, c) => sum + c.hits, 0);
  // Rules that did not judge this market: absent data is never evidence, so say which were silent and why.
  const ruleResults = (run.summary.rules ?? []) as RuleRunResult[];
  const silent = ruleResults.filter((result) => result.status !== 'ran' || result.nonDiscriminating).map((result) => {
    const zh = result.status === 'skipped' ? '因缺少数据跳过' : result.status === 'failed' ? '运行失败' : '区分度不足，命中不进入线索';
    const en = result.status === 'skipped' ? 'skipped for lack of data' : result.status === 'failed' ? 'failed' : 'non-discriminating, hits kept out of the leads';
    const why = result.reason ?? `flag rate ${((result.flagRate ?? 0) * 100).toFixed(1)}% > ${((result.maxFlagRate ?? 0) * 100).toFixed(0)}%`;
    return `<li><span class="ids">${esc(result.ruleId)}</span>: ${bi(zh, en)} (${esc(why)})</li>`;
  });
  const counts = report.counts.map((c) => `<tr><td>${esc(c.detection)}</td><td>${bi(esc(rules.get(c.rule_id)?.title.zh ?? c.rule_id), esc(rules.get(c.rule_id)?.title.en ?? c.rule_id))}</td><td class="num">${c.hits}</td></tr>`);
  const filter = (id: string, zh: string, en: string) => `<label>${bi(zh, en)} <select id="${id}"><option value="">全部 / all</option></select></label>`;

  const body = `
<h1>${bi('问题线索报告', 'Case-lead report')}</h1>
<p class="muted">${bi('扫描编号', 'Scan')} <span class="ids">${esc(run.run_id)}</span> · ${bi('开始于', 'started')} ${esc(run.started_at)} · ${bi('数据来源', 'input')} ${esc(run.input ?? '数据库')}
${report.previousRunId ? ` · ${bi('上次扫描', 'previous scan')} <span class="ids">${esc(report.previousRunId)}</span>` : ''}</p>
<div class="notice">${bi('本报告所列均为疑似问题线索，是进一步核查的理由，不是定性结论。', 'Every lead here is a suspicion to check, not a finding.')}</div>
<p id="summary">${bi(
    `本次线索 <strong id="n-leads">${report.leads.length}</strong> 条，其中新线索 <strong id="n-new">${newLeads}</strong> 条；规则命中 ${hits} 条；本次未再出现的历史线索 ${report.inactiveLeads.length} 条（保留，见页末）。`,
    `${report.leads.length} leads in this scan, ${newLeads} new; ${hits} rule hits; ${report.inactiveLeads.length} earlier leads not seen again (kept, at the end).`,
  )}</p>
${silent.length > 0 ? `<div id="rule-status"><p>${bi(`${ruleResults.length} 条规则中有 ${silent.length} 条未对本市场作出判断：`, `${silent.length} of ${ruleResults.length} rules did not judge this market:`)}</p><ul>${silent.join('')}</ul></div>` : ''}
<p class="no-print">${bi('导出', 'Exports')}：<a href="../leads.csv">leads.csv</a> · <a href="../leads.json">leads.json</a> · <a href="../leads.md">leads.md</a></p>

<h2>${bi('线索（按分值排序）', 'Leads, by score')}</h2>
<div class="filters">
${filter('f-family', '类别', 'Family')}
${filter('f-detection', '检测项', 'Detection')}
${filter('f-region', '地区', 'Region')}
${filter('f-buyer', '招标人/业主', 'Buyer')}
${filter('f-status', '状态', 'Status')}
<label><input type="checkbox" id="f-new"> ${bi('仅本次新增', 'new since last scan')}</label>
<label>${bi('搜索', 'Search')} <input type="search" id="f-search" placeholder="企业、标段、项目、线索编号…"></label>
<button type="button" id="reset">${bi('清除筛选', 'Clear')}</button>
</div>
<p id="count" data-count="${report.leads.length}"></p>
<div class="table-wrap"><table id="leads"><thead><tr>
<th>#</th><th>${bi('分值', 'Score')}</th><th>${bi('线索', 'Lead')}</th><th>${bi('类别', 'Family')}</th><th>${bi('检测项', 'Detections')}</th><th>${bi('地区', 'Region')}</th><th>${bi('招标人/业主', 'Buyer')}</th><th>${bi('状态', 'Status')}</th>
</tr></thead><tbody id="lead-rows"></tbody></table></div>
<p><button type="button" id="more" class="no-print">${bi('显示更多', 'Show more')}</button></p>
<noscript><p>${bi('本页筛选需启用 JavaScript；线索清单亦见 leads.csv。', 'Filtering needs JavaScript; the list is also in leads.csv.')}</p></noscript>

<h2>${bi('按检测项统计', 'Hits by detection')}</h2>
<div class="table-wrap"><table><thead><tr><th>${bi('检测项', 'Detection')}</th><th>${bi('规则', 'Rule')}</th><th>${bi('命中数', 'Hits')}</th></tr></thead><tbody>${counts.join('')}</tbody></table></div>

<h2 id="inactive">${bi(`本次未再出现的线索（${report.inactiveLeads.length} 条，保留）`, `Leads not seen in this scan (${report.inactiveLeads.length}, kept)`)}</h2>
${renderInactive(report)}
<script type="application/json" id="lead-data">${data}</script>
`;
  return renderPage({ title: `bidwatch 问题线索报告 ${run.run_id}`, indexHref: null, body, script: indexScript });
}

const INACTIVE_LIMIT = 500;

function renderInactive(report: RunReport): string {
  if (report.inactiveLeads.length === 0) return `<p class="muted">${bi('无。', 'None.')}</p>`;
  const rows = report.inactiveLeads.slice(0, INACTIVE_LIMIT).map((lead) => {
    const [zh, en] = label('status', lead.status);
    return `<tr data-lead="${esc(lead.lead_id)}"><td class="ids">${esc(lead.lead_id)}</td><td>${esc(lead.title)}</td><td class="num">${lead.score.toFixed(3)}</td><td>${bi(esc(zh), esc(en))}</td><td class="ids">${esc(lead.last_seen_run)}</td><td>${esc(lead.review_note ?? '')}</td></tr>`;
  });
  const more = report.inactiveLeads.length > INACTIVE_LIMIT ? `<p class="muted small">${bi(`仅列前 ${INACTIVE_LIMIT} 条，完整清单见 leads.csv。`, `First ${INACTIVE_LIMIT} listed; all in leads.csv.`)}</p>` : '';
  return `<p class="muted small">${bi('这些线索在本次扫描中不再命中（数据更新或规则调整），保留其编号、状态与核查意见，以备查。', 'These leads no longer match (new data or changed rules); their ids, statuses and notes are kept.')}</p>
<div class="table-wrap"><table id="inactive-leads"><thead><tr><th>${bi('线索编号', 'Lead')}</th><th>${bi('标题', 'Title')}</th><th>${bi('分值', 'Score')}</th><th>${bi('状态', 'Status')}</th><th>${bi('最近发现', 'Last seen')}</th><th>${bi('核查意见', 'Note')}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`;
}
