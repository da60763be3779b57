import type { LeadContext } from '../loadLeadContext.ts';
import type { ReportFlag, ReportLead } from '../loadRunReport.ts';
import { bi, esc, num } from './markup.ts';
import { regionName } from './regionName.ts';

const MAX_TENDERS = 20;
const MAX_COMPANIES = 12;
const MAX_SHARED = 6;

/**
 * The case on one screen, before any evidence: who (the companies), which tenders, who won them
 * and when, and what the hits say they share (machines, accounts, people), with the places.
 * A ring of 26 hits reads from here; the hits below stay folded.
 */
export function renderCaseSummary(
  lead: ReportLead,
  context: LeadContext,
  name: (id: string) => string,
  ruleTitle: (flag: ReportFlag) => { zh: string; en: string },
): string {
  const members = new Set(lead.company_ids);
  const companies = lead.company_ids.slice(0, MAX_COMPANIES).map((id) => esc(name(id))).join('、')
    + (lead.company_ids.length > MAX_COMPANIES ? ` 等 ${lead.company_ids.length} 家` : '');
  const tenders = lead.tender_ids
    .map((id) => context.tenders.get(id))
    .filter((t) => t !== undefined)
    .sort((a, b) => (a.bid_deadline ?? a.announced_at ?? '').localeCompare(b.bid_deadline ?? b.announced_at ?? '') || a.tender_id.localeCompare(b.tender_id));
  const rows = tenders.slice(0, MAX_TENDERS).map((t) => {
    const bids = context.bidsByTender.get(t.tender_id) ?? [];
    const memberBids = bids.filter((b) => members.has(b.bidder_id)).length;
    const when = (t.decided_at ?? t.bid_deadline ?? t.announced_at ?? '').slice(0, 10);
    return `<tr><td class="ids">${esc(when || '—')}</td><td>${esc(t.title)} <span class="muted ids">${esc(t.tender_id)}</span></td><td>${esc(name(t.buyer_id))}</td>
<td>${t.winner_id ? `${members.has(t.winner_id) ? '<strong>' : ''}${esc(name(t.winner_id))}${members.has(t.winner_id) ? '</strong>' : ''}` : '—'}</td>
<td class="num">${t.award_price != null ? num(t.award_price) : '—'}</td><td class="num">${bids.length > 0 ? `${memberBids} / ${bids.length}` : '—'}</td></tr>`;
  });
  const more = tenders.length > MAX_TENDERS ? `<p class="muted small">${bi(`另有 ${tenders.length - MAX_TENDERS} 个标段，见下文“涉及对象”。`, `${tenders.length - MAX_TENDERS} more tenders below.`)}</p>` : '';
  const tenderTable = rows.length > 0
    ? `<div class="table-wrap"><table class="case-tenders"><thead><tr><th>${bi('定标/截标日期', 'Decided / closed')}</th><th>${bi('标段', 'Tender')}</th><th>${bi('招标人', 'Buyer')}</th><th>${bi('中标人（粗体为本线索企业）', 'Winner (bold: named by this lead)')}</th><th>${bi('中标价(元)', 'Award (yuan)')}</th><th>${bi('本线索企业投标 / 全部投标', 'Lead companies’ bids / all')}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`
    : '';
  // What the hits hold in common, one line per detection: the highlighted values (already masked).
  const shared = new Map<string, { title: string; values: Set<string> }>();
  for (const flag of lead.flags) {
    const values = (flag.evidence.highlight ?? []).map(String).filter(Boolean);
    if (values.length === 0) continue;
    const entry = shared.get(flag.detection) ?? { title: ruleTitle(flag).zh, values: new Set<string>() };
    values.forEach((v) => entry.values.add(v));
    shared.set(flag.detection, entry);
  }
  const sharedItems = [...shared.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, { title, values }]) => {
    const list = [...values];
    return `<li><strong>${esc(code)} ${esc(title)}</strong>：${list.slice(0, MAX_SHARED).map((v) => `<mark>${esc(v)}</mark>`).join(' ')}${list.length > MAX_SHARED ? ` ${bi(`等 ${list.length} 项`, `and ${list.length - MAX_SHARED} more`)}` : ''}</li>`;
  });
  const regions = new Set<string>();
  for (const t of tenders) if (t.region_code) regions.add(t.region_code);
  for (const code of lead.project_codes) {
    const region = context.projects.get(code)?.region_code;
    if (region) regions.add(region);
  }
  return `<div class="case-summary" id="case-summary">
<h3>${bi('案情摘要', 'The case at a glance')}</h3>
<dl class="meta">
<dt>${bi('涉及企业', 'Companies')}</dt><dd>${companies || '—'}</dd>
<dt>${bi('地区', 'Region')}</dt><dd>${esc([...regions].sort().map(regionName).join('、') || '—')}</dd>
<dt>${bi('标段', 'Tenders')}</dt><dd>${lead.tender_ids.length} ${bi('个', '')}${lead.project_codes.length > 0 ? `；${bi('项目', 'projects')} ${lead.project_codes.length} ${bi('个', '')}` : ''}</dd>
</dl>
${tenderTable}
${sharedItems.length > 0 ? `<p><strong>${bi('共同之处 / 关键值', 'What they share / key values')}</strong></p><ul>${sharedItems.join('')}</ul>` : ''}
</div>`;
}
