import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { bodyLimit } from 'hono/body-limit';
import { rules as registry } from '../rules/registry.ts';
import type { Rule } from '../rules/Rule.ts';
import { leadStatuses } from '../leads/recordReview.ts';
import { maskEvidence } from '../reports/maskEvidence.ts';
import type { MaskPolicy } from '../reports/maskSensitive.ts';
import { renderLeadPage } from '../reports/html/renderLeadPage.ts';
import { renderLeadsCsv } from '../reports/renderLeadsCsv.ts';
import { bi, esc } from '../reports/html/markup.ts';
import type { DeskSession, DeskStore } from './DeskStore.ts';
import type { LeadSnapshot } from './LeadSnapshot.ts';
import { liveLeads, reviewHistory, type LiveLead } from './liveLeads.ts';
import { noteRequired, reviewTransitions } from './reviewTransitions.ts';
import { deskFrame } from './html/deskFrame.ts';
import { renderLoginPage } from './html/renderLoginPage.ts';
import { filterLeads, renderDeskIndex, type IndexQuery } from './html/renderDeskIndex.ts';
import { renderReviewSection } from './html/renderReviewSection.ts';
import { renderUsersPage } from './html/renderUsersPage.ts';
import { renderAuditPage } from './html/renderAuditPage.ts';
import { DeskError } from './DeskError.ts';
import type { LeadStatus } from '../leads/recordReview.ts';

export interface DeskOptions {
  store: DeskStore;
  snapshot: LeadSnapshot;
  /** Trust X-Forwarded-Proto from a reverse proxy that terminates TLS (then cookies are Secure). */
  trustProxy?: boolean;
  rules?: readonly Rule[];
}

type Env = { Variables: { session: DeskSession; sessionToken: string } };

const SESSION_COOKIE = 'bidwatch_session';
const LOGIN_COOKIE = 'bidwatch_login';

/**
 * The review desk (`bidwatch serve`): server-rendered pages over the latest scan's leads, behind
 * a login. Only /login answers without a session (every other page redirects there, /api/…
 * answers 401), every form carries the session's CSRF token, every review and every "show the
 * full numbers" lands in the append-only audit log.
 */
export function createDeskApp({ store, snapshot, trustProxy = false, rules = registry }: DeskOptions): Hono<Env> {
  const app = new Hono<Env>();
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  const detectionTitles = new Map<string, string>();
  for (const rule of rules) if (!detectionTitles.has(rule.detection)) detectionTitles.set(rule.detection, rule.title.zh);
  const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:' || (trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https');
  const cookieOptions = (c: Context) => ({ httpOnly: true, sameSite: 'Strict' as const, secure: isHttps(c), path: '/' });

  app.use('*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    c.header('X-Content-Type-Options', 'nosniff');
    // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on its own form posts.
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cache-Control', 'no-store');
    if (isHttps(c)) c.header('Strict-Transport-Security', 'max-age=31536000');
  });
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('request too large', 413) }));

  // The login page, the only one open to everyone. Login CSRF: a double-submit token in a cookie.
  const loginPage = (c: Context, error: 'wrong' | 'locked' | 'csrf' | null, name = '', statusCode: 200 | 401 | 403 = 200) => {
    const csrf = randomBytes(24).toString('base64url');
    setCookie(c, LOGIN_COOKIE, csrf, { ...cookieOptions(c), maxAge: 3600 });
    return c.html(renderLoginPage(csrf, error, name), statusCode);
  };
  app.get('/login', (c) => loginPage(c, null));
  app.post('/login', async (c) => {
    const form = await formOf(c);
    if (!sameToken(form._csrf, getCookie(c, LOGIN_COOKIE)) || !sameOrigin(c)) return loginPage(c, 'csrf', '', 403);
    const name = form.name.trim();
    const outcome = await store.login(name, form.password);
    if (!outcome.ok) return loginPage(c, outcome.reason, name, 401);
    const { token } = store.createSession(name);
    deleteCookie(c, LOGIN_COOKIE, { path: '/' });
    setCookie(c, SESSION_COOKIE, token, cookieOptions(c));
    return c.redirect('/', 303);
  });

  // Everything below needs a session.
  app.use('*', async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = store.session(token);
    if (!session || !token) {
      if (c.req.path.startsWith('/api/')) return c.json({ error: 'unauthenticated' }, 401);
      return c.redirect('/login', 303);
    }
    c.set('session', session);
    c.set('sessionToken', token);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const form = await formOf(c);
      if (!sameToken(form._csrf, session.csrf) || !sameOrigin(c)) {
        store.audit(session.user, 'csrf_refused', null, `${c.req.method} ${c.req.path}`);
        return c.html(deskFrame({ title: 'bidwatch', session, body: `<p class="error" id="csrf-error">${bi('表单校验失败（CSRF），请求已拒绝。', 'Form check failed (CSRF); request refused.')}</p>` }), 403);
      }
    }
    await next();
  });

  app.post('/logout', (c) => {
    store.endSession(c.get('sessionToken'));
    store.audit(c.get('session').user, 'logout', null, null);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });

  const live = (): LiveLead[] => (snapshot.report && snapshot.context ? liveLeads(snapshot.report.leads, snapshot.context, store.reviews.latestByLead()) : []);
  const companyName = (id: string) => snapshot.report?.companies[id] ?? snapshot.context?.companies.get(id) ?? id;
  const frame = (c: Context<Env>, title: string, body: string) => deskFrame({ title, body, session: c.get('session'), snapshot });

  app.get('/', (c) => {
    const q = c.req.query();
    const query: IndexQuery = {
      family: q.family ?? '', detection: q.detection ?? '', region: q.region ?? '', status: q.status ?? '', assignee: q.assignee ?? '', q: q.q ?? '',
      sort: (['score', 'family', 'region', 'status'] as const).find((s) => s === q.sort) ?? 'score',
      page: Math.max(1, Math.floor(Number(q.page) || 1)),
    };
    if (!snapshot.report) return c.html(frame(c, 'bidwatch 线索核查台', `<p class="muted">${bi('尚无可显示的线索。', 'No leads to show yet.')}</p>`));
    const all = live();
    return c.html(frame(c, 'bidwatch 线索核查台', renderDeskIndex(all, filterLeads(all, query, companyName), query, snapshot.report.run.run_id, detectionTitles)));
  });

  const leadPage = (c: Context<Env>, leadId: string, revealed: boolean, message?: { kind: 'ok' | 'error'; text: string }, statusCode: 200 | 400 | 404 = 200) => {
    const session = c.get('session');
    const found = live().find((l) => l.lead.lead_id === leadId);
    if (!found || !snapshot.report || !snapshot.context) {
      return c.html(frame(c, 'bidwatch', `<p class="error" id="not-found">${bi('没有这条线索。', 'No such lead.')}</p>`), 404);
    }
    const mask: MaskPolicy = { numbers: !revealed, personNames: session.role === 'analyst' };
    const lead = { ...found.lead, status: found.status, flags: found.lead.flags.map((flag) => ({ ...flag, evidence: maskEvidence(flag.evidence, mask) })) };
    const reviewers = store.users().filter((u) => u.role !== 'analyst').map((u) => u.name);
    const reviewSection = renderReviewSection({
      leadId, status: found.status, assignee: found.assignee, session, reviewers, revealed, message,
      history: reviewHistory(store.reviews.forLead(leadId), found.lead.reviews),
      audit: session.role === 'analyst' ? [] : store.auditLog(leadId, 100),
    });
    const html = renderLeadPage({
      lead, report: snapshot.report, context: snapshot.context, rules: ruleById, mask, reviewSection,
      frame: (title, body) => frame(c, title, body),
    });
    return c.html(html, statusCode);
  };

  app.get('/leads/:id', (c) => leadPage(c, c.req.param('id'), false));

  app.post('/leads/:id/show', (c) => {
    const session = c.get('session');
    if (session.role === 'analyst') return forbidden(c);
    const leadId = c.req.param('id');
    if (!live().some((l) => l.lead.lead_id === leadId)) return leadPage(c, leadId, false);
    store.audit(session.user, 'show_numbers', leadId, 'full account and certificate numbers shown');
    return leadPage(c, leadId, true);
  });

  app.post('/leads/:id/review', async (c) => {
    const session = c.get('session');
    if (session.role === 'analyst') return forbidden(c);
    const leadId = c.req.param('id');
    const found = live().find((l) => l.lead.lead_id === leadId);
    if (!found) return leadPage(c, leadId, false);
    const form = await formOf(c);
    try {
      const to = form.status as LeadStatus;
      if (!(leadStatuses as readonly string[]).includes(to) || !reviewTransitions[found.status as LeadStatus]?.includes(to)) {
        throw new DeskError('bad_transition', `不能从“${found.status}”改为“${form.status}”`);
      }
      const note = form.note.trim() || null;
      if (!note && noteRequired(found.status, to)) throw new DeskError('note_required', '确认、排除或重新打开线索须填写核查意见');
      const assignee = form.assignee.trim() || null;
      if (assignee && !store.users().some((u) => u.name === assignee && u.role !== 'analyst')) throw new DeskError('unknown_assignee', `没有核查人“${assignee}”`);
      store.appendReview({ lead_id: leadId, from_status: found.status, to_status: to, note, reviewer: session.user, assignee, reviewed_at: new Date().toISOString() });
    } catch (error) {
      if (!(error instanceof DeskError)) throw error;
      return leadPage(c, leadId, false, { kind: 'error', text: esc(error.message) }, 400);
    }
    return c.redirect(`/leads/${encodeURIComponent(leadId)}?recorded=1`, 303);
  });

  app.get('/export/leads.csv', (c) => {
    if (!snapshot.report) return c.text('no leads yet', 404);
    const byId = new Map(live().map((l) => [l.lead.lead_id, l]));
    const report = { ...snapshot.report, leads: snapshot.report.leads.map((lead) => ({ ...lead, status: byId.get(lead.lead_id)?.status ?? lead.status })) };
    store.audit(c.get('session').user, 'export_csv', null, `${report.leads.length} leads`);
    c.header('Content-Disposition', 'attachment; filename="leads.csv"');
    return c.body(renderLeadsCsv(report), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
  });

  app.get('/api/leads', (c) => c.json({
    run_id: snapshot.report?.run.run_id ?? null,
    state: snapshot.state,
    leads: live().map(({ lead, status, assignee }) => ({ lead_id: lead.lead_id, title: lead.title, family: lead.family, score: lead.score, status, assignee })),
  }));
  app.get('/api/status', (c) => c.json({ state: snapshot.state, run_id: snapshot.report?.run.run_id ?? null, loaded_at: snapshot.loadedAt }));

  // Administration: admins only.
  app.use('/admin/*', async (c, next) => (c.get('session').role === 'admin' ? next() : forbidden(c)));
  app.get('/admin/users', (c) => c.html(frame(c, '用户', renderUsersPage(store.users(), c.get('session')))));
  app.post('/admin/users', async (c) => {
    const form = await formOf(c);
    const session = c.get('session');
    try {
      if (form.action === 'unlock') store.unlock(form.name, session.user);
      else await store.addUser(form.name.trim(), form.role, form.password, session.user);
    } catch (error) {
      if (!(error instanceof DeskError)) throw error;
      return c.html(frame(c, '用户', renderUsersPage(store.users(), session, error.message)), 400);
    }
    return c.redirect('/admin/users', 303);
  });
  app.get('/admin/audit', (c) => c.html(frame(c, '审计日志', renderAuditPage(store.auditLog(undefined, 1000)))));

  app.notFound((c) => c.html(deskFrame({ title: 'bidwatch', session: c.get('session') ?? null, body: `<p class="error">${bi('没有这个页面。', 'Not found.')}</p>` }), 404));
  return app;
}

const forbidden = (c: Context<Env>) => c.html(deskFrame({
  title: 'bidwatch',
  session: c.get('session'),
  body: `<p class="error" id="forbidden">${bi('此账户无权进行该操作。', 'This account may not do that.')}</p>`,
}), 403);

/** The form's text fields (parsed once per request: the CSRF check and the handler share it). */
async function formOf(c: Context): Promise<Record<string, string> & { _csrf: string; name: string; password: string; note: string; status: string; assignee: string; role: string; action: string }> {
  const cached = c.get('form' as never) as Record<string, string> | undefined;
  const body = cached ?? await c.req.parseBody().catch(() => ({}));
  if (!cached) c.set('form' as never, body as never);
  const text = (key: string) => (typeof (body as Record<string, unknown>)[key] === 'string' ? String((body as Record<string, unknown>)[key]) : '');
  return new Proxy({} as never, { get: (_target, key: string) => text(key) });
}

function sameToken(given: string, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A browser's cross-site POST names its origin: refuse one that is not this host (defence in depth beside the token). */
function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return origin !== 'null';
  try {
    return new URL(origin).host === (c.req.header('host') ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}
