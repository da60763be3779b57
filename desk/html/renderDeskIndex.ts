import { bi, esc } from '../../reports/html/markup.ts';
import { label, labels } from '../../reports/html/labels.ts';
import { regionName } from '../../reports/html/regionName.ts';
import type { LiveLead } from '../liveLeads.ts';

export interface IndexQuery {
  family: string;
  detection: string;
  region: string;
  status: string;
  assignee: string;
  q: string;
  sort: 'score' | 'family' | 'region' | 'status';
  page: number;
}

export const PAGE_SIZE = 100;
const statusOrder = ['new', 'reviewing', 'confirmed', 'dismissed'];

/** The leads that match the query, in the order asked for (ties: higher score, then id). */
export function filterLeads(leads: readonly LiveLead[], query: IndexQuery, companyName: (id: string) => string): LiveLead[] {
  const needle = query.q.trim().toLowerCase();
  const matches = leads.filter(({ lead, status, assignee, regions }) =>
    (!query.family || lead.family === query.family)
    && (!query.detection || lead.detections.includes(query.detection))
    && (!query.region || regions.includes(query.region))
    && (!query.status || status === query.status)
    && (!query.assignee || assignee === query.assignee)
    && (!needle || [lead.lead_id, lead.title, ...lead.company_ids, ...lead.company_ids.map(companyName), ...lead.tender_ids, ...lead.project_codes]
      .join(' ').toLowerCase().includes(needle)));
  const byScore = (a: LiveLead, b: LiveLead) => b.lead.score - a.lead.score || a.lead.lead_id.localeCompare(b.lead.lead_id);
  const compare: Record<IndexQuery['sort'], (a: LiveLead, b: LiveLead) => number> = {
    score: byScore,
    family: (a, b) => a.lead.family.localeCompare(b.lead.family) || byScore(a, b),
    region: (a, b) => (a.regions[0] ?? '\uffff').localeCompare(b.regions[0] ?? '\uffff') || byScore(a, b),
    status: (a, b) => statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) || byScore(a, b),
  };
  return [...matches].sort(compare[query.sort]);
}

/** The desk's lead list: server-side filters, search and sort (a GET form, so a view can be bookmarked). */
export function renderDeskIndex(all: readonly LiveLead[], shown: readonly LiveLead[], query: IndexQuery, runId: string, detectionTitles: ReadonlyMap<string, string>): string {
  const distinct = (values: string[]) => [...new Set(values.filter(Boolean))].sort();
  const select = (name: keyof IndexQuery, zh: string, en: string, values: string[], describe: (v: string) => string) =>
    `<label>${bi(zh, en)} <select name="${name}" id="f-${name}"><option value="">全部 / all</option>${values.map((v) => `<option value="${esc(v)}"${query[name] === v ? ' selected' : ''}>${esc(describe(v))}</option>`).join('')}</select></label>`;
  const start = (query.page - 1) * PAGE_SIZE;
  const page = shown.slice(start, start + PAGE_SIZE);
  const rows = page.map(({ lead, status, assignee, regions }, index) => {
    const [familyZh, familyEn] = label('family', lead.family);
    const [statusZh, statusEn] = label('status', status);
    return `<tr data-lead="${esc(lead.lead_id)}"><td class="num">${start + index + 1}</td><td class="num"><span class="score">${lead.score.toFixed(3)}</span></td>
<td class="title"><a href="/leads/${encodeURIComponent(lead.lead_id)}">${esc(lead.title)}</a><br><span class="muted ids">${esc(lead.lead_id)}</span></td>
<td>${bi(esc(familyZh), esc(familyEn))}</td><td>${esc(lead.detections.join(' '))}</td>
<td>${esc(regions.map(regionName).join('、') || '—')}</td>
<td><span class="badge status-${esc(status)}" data-status="${esc(status)}">${bi(esc(statusZh), esc(statusEn))}</span></td><td>${esc(assignee ?? '—')}</td></tr>`;
  });
  const link = (p: number) => `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])), page: String(p) })}`;
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const sorts: [IndexQuery['sort'], string][] = [['score', '分值 score'], ['family', '类别 family'], ['region', '地区 region'], ['status', '状态 status']];
  return `<h1>${bi('问题线索', 'Case leads')}</h1>
<p class="muted">${bi('扫描编号', 'Scan')} <span class="ids">${esc(runId)}</span></p>
<div class="notice">${bi('所列均为疑似问题线索，是进一步核查的理由，不是定性结论。线索保密，仅限授权人员查阅，所有操作均有记录。', 'Suspicions to check, not findings. Confidential; every action is logged.')}</div>
<form class="filters" method="get" action="/" id="filters">
${select('family', '类别', 'Family', distinct(all.map((l) => l.lead.family)), (v) => label('family', v)[0])}
${select('detection', '检测项', 'Detection', distinct(all.flatMap((l) => l.lead.detections)), (v) => `${v} ${detectionTitles.get(v) ?? ''}`)}
${select('region', '地区', 'Region', distinct(all.flatMap((l) => l.regions)), regionName)}
${select('status', '状态', 'Status', Object.keys(labels.status), (v) => label('status', v)[0])}
${select('assignee', '承办人', 'Assignee', distinct(all.map((l) => l.assignee ?? '')), (v) => v)}
<label>${bi('排序', 'Sort')} <select name="sort" id="f-sort">${sorts.map(([v, text]) => `<option value="${v}"${query.sort === v ? ' selected' : ''}>${text}</option>`).join('')}</select></label>
<label>${bi('搜索', 'Search')} <input type="search" name="q" id="f-search" value="${esc(query.q)}" placeholder="企业、标段、项目、线索编号…"></label>
<button type="submit" id="apply">${bi('筛选', 'Apply')}</button> <a href="/">${bi('清除', 'Clear')}</a>
</form>
<p id="count" data-count="${shown.length}">${bi(`符合条件的线索 ${shown.length} 条（共 ${all.length} 条）`, `${shown.length} of ${all.length} leads`)}</p>
<div class="table-wrap"><table id="leads"><thead><tr><th>#</th><th>${bi('分值', 'Score')}</th><th>${bi('线索', 'Lead')}</th><th>${bi('类别', 'Family')}</th><th>${bi('检测项', 'Detections')}</th><th>${bi('地区', 'Region')}</th><th>${bi('状态', 'Status')}</th><th>${bi('承办人', 'Assignee')}</th></tr></thead>
<tbody id="lead-rows">${rows.join('')}</tbody></table></div>
<p class="pager">${query.page > 1 ? `<a href="${esc(link(query.page - 1))}">← ${bi('上一页', 'previous')}</a>` : ''}<span>${query.page} / ${pages}</span>${query.page < pages ? `<a href="${esc(link(query.page + 1))}">${bi('下一页', 'next')} →</a>` : ''}</p>`;
}
