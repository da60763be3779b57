import { bi, esc } from '../../reports/html/markup.ts';
import { deskFrame } from './deskFrame.ts';

/** The only page that answers without a session: it names nothing but the desk itself. */
export function renderLoginPage(csrf: string, error: 'wrong' | 'locked' | 'csrf' | null, name = ''): string {
  const message = error === 'locked'
    ? bi('账户已因多次登录失败被锁定，请稍后再试或联系管理员。', 'Account locked after repeated failures; try later or ask an admin.')
    : error === 'wrong'
      ? bi('用户名或密码错误。', 'Wrong user name or password.')
      : error === 'csrf'
        ? bi('表单已失效，请重新登录。', 'The form expired; sign in again.')
        : '';
  return deskFrame({
    title: 'bidwatch 线索核查台 登录',
    session: null,
    body: `<form class="card login" method="post" action="/login" id="login-form">
<h1>${bi('登录', 'Sign in')}</h1>
${message ? `<p class="error" id="login-error" data-error="${esc(error)}">${message}</p>` : ''}
<input type="hidden" name="_csrf" value="${esc(csrf)}">
<label>${bi('用户名', 'User name')}<br><input name="name" autocomplete="username" required value="${esc(name)}"></label>
<label>${bi('密码', 'Password')}<br><input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">${bi('登录', 'Sign in')}</button>
</form>`,
  });
}
