import { bi, esc } from '../../reports/html/markup.ts';
import type { DeskSession, DeskUser } from '../DeskStore.ts';
import { deskRoles } from '../deskRoles.ts';

/** Admins: the accounts, their roles and locks; add an account, unlock one. */
export function renderUsersPage(users: readonly DeskUser[], session: DeskSession, error?: string): string {
  const locked = (u: DeskUser) => u.locked_until && Date.parse(u.locked_until) > Date.now();
  const rows = users.map((u) => `<tr><td>${esc(u.name)}</td><td>${esc(u.role)}</td><td>${locked(u) ? `${bi('锁定至', 'locked until')} ${esc(u.locked_until)}
<form method="post" action="/admin/users" style="display:inline"><input type="hidden" name="_csrf" value="${esc(session.csrf)}"><input type="hidden" name="action" value="unlock"><input type="hidden" name="name" value="${esc(u.name)}"><button type="submit">${bi('解锁', 'Unlock')}</button></form>` : '—'}</td><td class="ids">${esc(u.created_at)}</td><td>${esc(u.created_by)}</td></tr>`);
  return `<h1>${bi('用户', 'Users')}</h1>${error ? `<p class="error">${esc(error)}</p>` : ''}
<div class="table-wrap"><table id="users"><thead><tr><th>${bi('用户名', 'Name')}</th><th>${bi('角色', 'Role')}</th><th>${bi('锁定', 'Lock')}</th><th>${bi('创建于', 'Created')}</th><th>${bi('创建人', 'By')}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>
<form class="card" method="post" action="/admin/users" id="add-user"><h3>${bi('添加用户', 'Add a user')}</h3>
<input type="hidden" name="_csrf" value="${esc(session.csrf)}"><input type="hidden" name="action" value="add">
<label>${bi('用户名', 'Name')} <input name="name" required></label>
<label>${bi('角色', 'Role')} <select name="role">${deskRoles.map((r) => `<option>${r}</option>`).join('')}</select></label>
<label>${bi('初始密码（至少 8 位）', 'Initial password (8+ characters)')} <input name="password" type="password" required minlength="8" autocomplete="new-password"></label>
<button type="submit">${bi('添加', 'Add')}</button></form>`;
}
