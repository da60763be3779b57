import { expect } from 'vitest';

/** A signed-in HTTP client of the desk: cookies kept, the CSRF token read from the pages. */
export async function signIn(url: string, name: string, password: string) {
  let cookies: Record<string, string> = {};
  const request = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${url}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), cookie: Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [key, value] = pair!.split('=');
      cookies = { ...cookies, [key!]: value! };
    }
    return response;
  };
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const login = await (await request('/login')).text();
  const signedIn = await request('/login', { method: 'POST', body: new URLSearchParams({ _csrf: csrfOf(login), name, password }) });
  expect(signedIn.status).toBe(303);
  return {
    request,
    async post(path: string, fields: Record<string, string>) {
      const csrf = csrfOf(await (await request('/')).text());
      return request(path, { method: 'POST', body: new URLSearchParams({ ...fields, _csrf: csrf }) });
    },
  };
}
