import { bi, esc } from '../../reports/html/markup.ts';
import { label } from '../../reports/html/labels.ts';
import type { AuditEntry, DeskSession } from '../DeskStore.ts';
import type { HistoryEntry } from '../liveLeads.ts';
import { reviewTransitions } from '../reviewTransitions.ts';
import type { LeadStatus } from '../../leads/recordReview.ts';

export interface ReviewSectionInput {
  leadId: string;
  status: string;
  assignee: string | null;
  history: readonly HistoryEntry[];
  audit: readonly AuditEntry[];
  session: DeskSession;
  reviewers: readonly string[];
  /** Numbers are shown in full on this page (after an audited "show"). */
  revealed: boolean;
  message?: { kind: 'ok' | 'error'; text: string };
}

const statusText = (status: string | null) => {
  if (!status) return '—';
  const [zh, en] = label('status', status);
  return bi(esc(zh), esc(en));
};

/** The lead's review at the desk: status and assignee, the form (reviewers and admins), the history, the audit trail. */
export function renderReviewSection(input: ReviewSectionInput): string {
  const { leadId, status, assignee, history, audit, session } = input;
  const canReview = session.role === 'reviewer' || session.role === 'admin';
  const action = `/leads/${encodeURIComponent(leadId)}`;
  const next = reviewTransitions[status as LeadStatus] ?? ['reviewing'];
  const form = canReview
    ? `<form class="review" method="post" action="${esc(action)}/review" id="review-form">
<input type="hidden" name="_csrf" value="${esc(session.csrf)}">
<label>${bi('新状态', 'New status')} <select name="status" id="review-status">${next.map((s) => `<option value="${s}">${esc(label('status', s)[0])} / ${esc(label('status', s)[1])}</option>`).join('')}</select></label>
<label>${bi('核查意见（确认、排除或重新打开时必填）', 'Note (required to confirm, dismiss or reopen)')}<br><textarea name="note" id="review-note" maxlength="4000"></textarea></label>
<label>${bi('承办人', 'Assign to')} <select name="assignee" id="review-assignee"><option value="">不变 / unchanged</option>${input.reviewers.map((r) => `<option value="${esc(r)}"${r === assignee ? ' selected' : ''}>${esc(r)}</option>`).join('')}</select></label>
<button type="submit" id="review-submit">${bi('登记', 'Record')}</button>
</form>`
    : `<p class="muted" id="read-only">${bi('只读账户：可查阅线索，不能登记核查意见。', 'Read-only account: you can read leads but not review them.')}</p>`;
  const show = canReview && !input.revealed
    ? `<form method="post" action="${esc(action)}/show" id="show-form" class="no-print"><input type="hidden" name="_csrf" value="${esc(session.csrf)}"><button type="submit" id="show-numbers">${bi('显示完整账号和证书号（将记入审计日志）', 'Show full account and certificate numbers (logged)')}</button></form>`
    : input.revealed ? `<p class="notice" id="revealed">${bi('本页显示完整账号和证书号；此次查看已记入审计日志。', 'Full numbers shown on this page; this view is in the audit log.')}</p>` : '';
  const rows = history.map((h) => `<tr><td class="ids">${esc(h.reviewed_at)}</td><td>${esc(h.reviewer)}</td><td>${statusText(h.from_status)}</td><td>${statusText(h.to_status)}</td><td class="review-note">${esc(h.note ?? '')}</td><td>${esc(h.assignee ?? '')}</td></tr>`);
  const table = rows.length > 0
    ? `<div class="table-wrap"><table class="reviews" id="review-history"><thead><tr><th>${bi('时间', 'When')}</th><th>${bi('核查人', 'Who')}</th><th>${bi('原状态', 'From')}</th><th>${bi('新状态', 'To')}</th><th>${bi('意见', 'Note')}</th><th>${bi('承办人', 'Assignee')}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`
    : `<p class="muted" id="review-history">${bi('尚无核查记录。', 'Not reviewed yet.')}</p>`;
  const auditRows = audit.map((a) => `<tr><td class="ids">${esc(a.at)}</td><td>${esc(a.actor)}</td><td>${esc(a.action)}</td><td>${esc(a.detail ?? '')}</td></tr>`);
  const message = input.message ? `<p class="${input.message.kind}" id="review-message">${input.message.text}</p>` : '';
  return `${message}<p>${bi('当前状态', 'Status')}：<strong id="current-status" data-status="${esc(status)}">${statusText(status)}</strong>　${bi('承办人', 'Assignee')}：<strong id="current-assignee">${esc(assignee ?? '—')}</strong></p>
${form}${show}
<h3>${bi('核查记录（只增不改）', 'Review history (append-only)')}</h3>${table}
<h3>${bi('审计记录', 'Audit trail')}</h3>${auditRows.length > 0 ? `<div class="table-wrap"><table id="lead-audit"><thead><tr><th>${bi('时间', 'When')}</th><th>${bi('用户', 'Who')}</th><th>${bi('操作', 'Action')}</th><th>${bi('内容', 'Detail')}</th></tr></thead><tbody>${auditRows.join('')}</tbody></table></div>` : `<p class="muted">—</p>`}`;
}
