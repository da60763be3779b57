import type { Rule } from '../../rules/Rule.ts';
import type { RuleRunResult } from '../../rules/runRules.ts';
import type { LeadContext } from '../loadLeadContext.ts';
import type { RunReportHeader } from '../loadRunHeader.ts';
import type { ReportLead } from '../loadRunReport.ts';
import { bi, esc, indexFile, leadFile } from './markup.ts';
import { label } from './labels.ts';
import { renderPage } from './renderPage.ts';
import { indexScript } from './indexScript.ts';

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

/** One lead as the index lists, filters and searches it (the rows of index-data.js and of each page). */
export interface IndexRow {
  id: string;
  file: string;
  title: string;
  family: string;
  score: number;
  status: string;
  detections: string[];
  regions: string[];
  buyers: string[];
  isNew: boolean;
  note: string | null;
  /** Lower-case text the search matches: ids, title, companies (ids and names), tenders, projects, note. */
  text: string;
}

/** A lead's index row; `name` gives a company's name (or its id). */
export function indexRow(lead: Omit<ReportLead, 'flags'>, context: LeadContext, name: (id: string) => string): IndexRow {
  const { regions, buyers } = leadPlaces(lead, context);
  const text = [lead.lead_id, lead.title, ...lead.company_ids, ...lead.company_ids.map(name), ...lead.tender_ids, ...lead.project_codes, lead.review_note ?? '']
    .join(' ').toLowerCase();
  return {
    id: lead.lead_id, file: leadFile(lead.lead_id), title: lead.title, family: lead.family, score: lead.score, status: lead.status,
    detections: lead.detections, regions, buyers, isNew: lead.is_new, note: lead.review_note, text,
  };
}

export interface IndexPageInput {
  header: RunReportHeader;
  rules: ReadonlyMap<string, Rule>;
  /** This page's number (1-based) and how many pages the index has. */
  page: number;
  pages: number;
  /** Leads per page: this page lists leads ranked (page - 1) × pageSize + 1 onwards. */
  pageSize: number;
  rows: IndexRow[];
  /** The first page's list of earlier leads not seen again (the first INACTIVE_LIMIT of them). */
  inactive: Omit<ReportLead, 'flags'>[];
}

/**
 * One page of the run's index: counts, one page of leads ranked by score (static pages
 * `index.html`, `index-2.html`, … of `pageSize` leads each, linked by a pager), filters
 * (family, detection, region, buyer, status, new since the last scan) and search over all the
 * leads, the exports, and on the first page the hits by detection and the earlier leads this
 * scan did not see again (kept, never deleted).
 *
 * A page carries its own leads inline, so it opens at once whatever the size of the run. The
 * filter choices come from `index-meta.js`; filtering or searching loads every lead's row from
 * `index-data.js` once (a script file, since a file:// page may not fetch) and lists the
 * matches. All without a server.
 */
export function renderIndexPage({ header, rules, page, pages, pageSize, rows, inactive }: IndexPageInput): string {
  const data = JSON.stringify({ page, first: (page - 1) * pageSize + 1, leads: rows }).replace(/</g, '\\u003c');
  const { run } = header;
  const hits = header.counts.reduce((sum, c) => sum + c.hits, 0);
  const filter = (id: string, zh: string, en: string) => `<label>${bi(zh, en)} <select id="${id}"><option value="">全部 / all</option></select></label>`;
  const firstPage = page === 1;

  const body = `
<h1>${bi('问题线索报告', 'Case-lead report')}</h1>
<p class="muted">${bi('扫描编号', 'Scan')} <span class="ids">${esc(run.run_id)}</span> · ${bi('开始于', 'started')} ${esc(run.started_at)} · ${bi('数据来源', 'input')} ${esc(run.input ?? '数据库')}
${header.previousRunId ? ` · ${bi('上次扫描', 'previous scan')} <span class="ids">${esc(header.previousRunId)}</span>` : ''}</p>
<div class="notice">${bi('本报告所列均为疑似问题线索，是进一步核查的理由，不是定性结论。', 'Every lead here is a suspicion to check, not a finding.')}</div>
<p id="summary">${bi(
    `本次线索 <strong id="n-leads">${header.leadCount}</strong> 条，其中新线索 <strong id="n-new">${header.newLeadCount}</strong> 条；规则命中 ${hits} 条；本次未再出现的历史线索 ${header.inactiveLeadCount} 条（保留，见${firstPage ? '页末' : '第 1 页末'}）。`,
    `${header.leadCount} leads in this scan, ${header.newLeadCount} new; ${hits} rule hits; ${header.inactiveLeadCount} earlier leads not seen again (kept, at the end${firstPage ? '' : ' of page 1'}).`,
  )}</p>
${firstPage ? renderRuleStatus(run) : ''}
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
${renderPager(page, pages)}
<p id="count" data-count="${header.leadCount}"></p>
<div class="table-wrap"><table id="leads"><thead><tr>
<th>#</th><th>${bi('分值', 'Score')}</th><th>${bi('线索', 'Lead')}</th><th>${bi('类别', 'Family')}</th><th>${bi('检测项', 'Detections')}</th><th>${bi('地区', 'Region')}</th><th>${bi('招标人/业主', 'Buyer')}</th><th>${bi('状态', 'Status')}</th>
</tr></thead><tbody id="lead-rows"></tbody></table></div>
<p><button type="button" id="more" class="no-print">${bi('显示更多', 'Show more')}</button></p>
${renderPager(page, pages)}
<noscript><p>${bi('本页筛选需启用 JavaScript；线索清单亦见 leads.csv。', 'Filtering needs JavaScript; the list is also in leads.csv.')}</p></noscript>
${firstPage ? renderCounts(header, rules) : ''}
${firstPage ? `<h2 id="inactive">${bi(`本次未再出现的线索（${header.inactiveLeadCount} 条，保留）`, `Leads not seen in this scan (${header.inactiveLeadCount}, kept)`)}</h2>
${renderInactive(inactive, header.inactiveLeadCount)}` : ''}
<script type="application/json" id="lead-data">${data}</script>
`;
  const title = `bidwatch 问题线索报告 ${run.run_id}${firstPage ? '' : `（第 ${page} 页）`}`;
  return renderPage({ title, indexHref: null, body, script: indexScript, scriptFiles: ['index-meta.js'] });
}

/** Links to the other pages of the index: first, last, and the two either side of this one. */
function renderPager(page: number, pages: number): string {
  if (pages <= 1) return '';
  const link = (n: number, text: string, rel?: string) =>
    n === page ? `<strong aria-current="page">${text}</strong>` : `<a href="${indexFile(n)}"${rel ? ` rel="${rel}"` : ''}>${text}</a>`;
  const numbers: string[] = [];
  let last = 0;
  for (let n = 1; n <= pages; n += 1) {
    if (n !== 1 && n !== pages && Math.abs(n - page) > 2) continue;
    if (n - last > 1) numbers.push('…');
    numbers.push(link(n, String(n)));
    last = n;
  }
  const previous = page > 1 ? link(page - 1, bi('← 上一页', '← previous'), 'prev') : '';
  const next = page < pages ? link(page + 1, bi('下一页 →', 'next →'), 'next') : '';
  return `<nav class="pager no-print" style="display:flex;flex-wrap:wrap;gap:.6em;align-items:baseline;margin:.6em 0" data-page="${page}" data-pages="${pages}">${bi(`第 ${page} / ${pages} 页`, `Page ${page} of ${pages}`)} ${previous} ${numbers.join(' ')} ${next}</nav>`;
}

/** Rules that did not judge this market: absent data is never evidence, so say which were silent and why. */
function renderRuleStatus(run: RunReportHeader['run']): string {
  const ruleResults = (run.summary.rules ?? []) as RuleRunResult[];
  const silent = ruleResults.filter((result) => result.status !== 'ran' || result.nonDiscriminating).map((result) => {
    const zh = result.status === 'skipped' ? '因缺少数据跳过' : result.status === 'failed' ? '运行失败' : '区分度不足，命中已移出（见 withheld_flags），不进入线索';
    const en = result.status === 'skipped' ? 'skipped for lack of data' : result.status === 'failed' ? 'failed' : 'non-discriminating, hits withheld (withheld_flags)';
    const why = result.reason ?? `flag rate ${((result.flagRate ?? 0) * 100).toFixed(1)}% > ${((result.maxFlagRate ?? 0) * 100).toFixed(0)}%`;
    return `<li><span class="ids">${esc(result.ruleId)}</span>: ${bi(zh, en)} (${esc(why)})</li>`;
  });
  return silent.length > 0 ? `<div id="rule-status"><p>${bi(`${ruleResults.length} 条规则中有 ${silent.length} 条未对本市场作出判断：`, `${silent.length} of ${ruleResults.length} rules did not judge this market:`)}</p><ul>${silent.join('')}</ul></div>` : '';
}

function renderCounts(header: RunReportHeader, rules: ReadonlyMap<string, Rule>): string {
  const counts = header.counts.map((c) => `<tr><td>${esc(c.detection)}</td><td>${bi(esc(rules.get(c.rule_id)?.title.zh ?? c.rule_id), esc(rules.get(c.rule_id)?.title.en ?? c.rule_id))}</td><td class="num">${c.hits}</td></tr>`);
  return `<h2>${bi('按检测项统计', 'Hits by detection')}</h2>
<div class="table-wrap"><table><thead><tr><th>${bi('检测项', 'Detection')}</th><th>${bi('规则', 'Rule')}</th><th>${bi('命中数', 'Hits')}</th></tr></thead><tbody>${counts.join('')}</tbody></table></div>`;
}

/** Earlier leads listed on the index's first page; all of them are in leads.csv. */
export const INACTIVE_LIMIT = 500;

function renderInactive(inactive: Omit<ReportLead, 'flags'>[], count: number): string {
  if (count === 0) return `<p class="muted">${bi('无。', 'None.')}</p>`;
  const rows = inactive.slice(0, INACTIVE_LIMIT).map((lead) => {
    const [zh, en] = label('status', lead.status);
    return `<tr data-lead="${esc(lead.lead_id)}"><td class="ids">${esc(lead.lead_id)}</td><td>${esc(lead.title)}</td><td class="num">${lead.score.toFixed(3)}</td><td>${bi(esc(zh), esc(en))}</td><td class="ids">${esc(lead.last_seen_run)}</td><td>${esc(lead.review_note ?? '')}</td></tr>`;
  });
  const more = count > INACTIVE_LIMIT ? `<p class="muted small">${bi(`仅列前 ${INACTIVE_LIMIT} 条，完整清单见 leads.csv。`, `First ${INACTIVE_LIMIT} listed; all in leads.csv.`)}</p>` : '';
  return `<p class="muted small">${bi('这些线索在本次扫描中不再命中（数据更新或规则调整），保留其编号、状态与核查意见，以备查。', 'These leads no longer match (new data or changed rules); their ids, statuses and notes are kept.')}</p>
<div class="table-wrap"><table id="inactive-leads"><thead><tr><th>${bi('线索编号', 'Lead')}</th><th>${bi('标题', 'Title')}</th><th>${bi('分值', 'Score')}</th><th>${bi('状态', 'Status')}</th><th>${bi('最近发现', 'Last seen')}</th><th>${bi('核查意见', 'Note')}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`;
}
