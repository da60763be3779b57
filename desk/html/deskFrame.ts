import { renderPage } from '../../reports/html/renderPage.ts';
import { bi, esc } from '../../reports/html/markup.ts';
import type { DeskSession } from '../DeskStore.ts';
import type { LeadSnapshot } from '../LeadSnapshot.ts';

const roleLabels: Record<string, string> = { admin: '管理员', reviewer: '核查人', analyst: '分析人员（只读）' };

/** Extra CSS of the desk's pages (forms, the scan banner) on top of the report's stylesheet. */
const deskCss = `<style>
header.bar nav { display: flex; gap: 14px; }
header.bar form { margin: 0; }
.who { color: #d0d7de; font-size: .85rem; }
.scan-banner { background: #fff8c5; border: 1px solid #d4a72c; padding: 6px 12px; border-radius: 6px; margin: 10px 0; }
form.review, form.card { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 10px 0; display: grid; gap: 8px; max-width: 720px; }
form.review textarea { min-height: 70px; font: inherit; padding: 4px 8px; width: 100%; }
form.review button, form.card button { justify-self: start; padding: 4px 18px; }
.error { color: var(--accent); font-weight: 600; }
.ok { color: #1a7f37; font-weight: 600; }
.login { max-width: 380px; margin: 60px auto; }
.login input { width: 100%; padding: 5px 8px; }
.pager { display: flex; gap: 12px; align-items: center; }
</style>`;

export interface FrameInput {
  title: string;
  body: string;
  session: DeskSession | null;
  snapshot?: LeadSnapshot;
}

/** A desk page: the report's page with the desk's navigation, who is signed in and a sign-out form. */
export function deskFrame({ title, body, session, snapshot }: FrameInput): string {
  const nav = session
    ? `<nav><a href="/">${bi('线索', 'Leads')}</a>${session.role === 'admin' ? `<a href="/admin/users">${bi('用户', 'Users')}</a><a href="/admin/audit">${bi('审计日志', 'Audit log')}</a>` : ''}<a href="/export/leads.csv">CSV</a></nav>
<span class="who">${esc(session.user)} · ${esc(roleLabels[session.role] ?? session.role)}</span>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${esc(session.csrf)}"><button type="submit" id="logout">${bi('退出', 'Sign out')}</button></form>`
    : '';
  const banner = snapshot && snapshot.state !== 'ready' ? `<div class="scan-banner" id="scan-state" data-state="${esc(snapshot.state)}">${bannerText(snapshot)}</div>` : '';
  return renderPage({
    title,
    indexHref: null,
    brand: `<strong>bidwatch</strong> ${bi('线索核查台', 'review desk')}`,
    headerExtra: nav,
    body: `${deskCss}${banner}${body}`,
  });
}

function bannerText(snapshot: LeadSnapshot): string {
  switch (snapshot.state) {
    case 'scan-running':
      return bi(
        `扫描正在进行（数据库被占用）：显示的是上次读取的线索${snapshot.loadedAt ? `（${esc(snapshot.loadedAt)}）` : ''}，核查意见照常登记，扫描结束后自动更新。`,
        'A scan is running (the database is busy): showing the leads read last; reviews are recorded as usual and the list updates when the scan ends.',
      );
    case 'no-scan':
      return bi('数据库中尚无完成的扫描。', 'No finished scan in the database yet.');
    case 'loading':
      return bi('正在读取线索…', 'Reading the leads…');
    default:
      return bi('读取线索失败，显示上次读取的结果。', 'Could not read the leads; showing the last ones read.');
  }
}
