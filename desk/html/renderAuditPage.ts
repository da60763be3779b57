import { bi, esc } from '../../reports/html/markup.ts';
import type { AuditEntry } from '../DeskStore.ts';

/** Admins: the whole audit log, newest first (logins, failures, locks, reviews, shown numbers, exports). */
export function renderAuditPage(entries: readonly AuditEntry[]): string {
  const rows = entries.map((a) => `<tr><td class="num">${a.seq}</td><td class="ids">${esc(a.at)}</td><td>${esc(a.actor)}</td><td>${esc(a.action)}</td><td>${a.lead_id ? `<a href="/leads/${encodeURIComponent(a.lead_id)}" class="ids">${esc(a.lead_id)}</a>` : ''}</td><td>${esc(a.detail ?? '')}</td></tr>`);
  return `<h1>${bi('审计日志', 'Audit log')}</h1><p class="muted">${bi('只增不改；最近 1000 条。', 'Append-only; the latest 1,000 entries.')}</p>
<div class="table-wrap"><table id="audit"><thead><tr><th>#</th><th>${bi('时间', 'When')}</th><th>${bi('用户', 'Who')}</th><th>${bi('操作', 'Action')}</th><th>${bi('线索', 'Lead')}</th><th>${bi('内容', 'Detail')}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}
