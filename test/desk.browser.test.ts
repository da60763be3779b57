import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDesk, type RunningDesk } from '../desk/startDesk.ts';
import { findOrInstallChromium } from './support/chromium.ts';
import { deskDatabase, type DeskDatabase } from './support/deskDatabase.ts';

const SCREENSHOTS = join(import.meta.dirname, '.artifacts', 'desk');
const ACCOUNT = '6222020200112233777';
// Tests only: a cheap scrypt cost keeps logins fast; the stored hash carries its own parameters.
const cheap = { log2N: 12, r: 8, p: 1 };
const passwords = { wang: 'wang-reviewer-pw', zhao: 'zhao-analyst-pw', li: 'li-reviewer-pw', root: 'root-admin-pw1' };

describe('the review desk in a browser', () => {
  let database: DeskDatabase;
  let desk: RunningDesk;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    database = await deskDatabase();
    desk = await startDesk({ db: database.path, port: 0, host: '127.0.0.1', pollMs: 500 });
    await desk.store.addUser('wang', 'reviewer', passwords.wang, 'test', cheap);
    await desk.store.addUser('li', 'reviewer', passwords.li, 'test', cheap);
    await desk.store.addUser('zhao', 'analyst', passwords.zhao, 'test', cheap);
    await desk.store.addUser('root', 'admin', passwords.root, 'test', cheap);
    browser = await chromium.launch({
      executablePath: await findOrInstallChromium(),
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
    rmSync(database.dir, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The desk must not reach for anything but itself.
    await context.route((url) => !url.href.startsWith(desk.url), async (route) => {
      problems.push(`outside request: ${route.request().url()}`);
      await route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // The refused requests this test makes on purpose (401, 403) log "Failed to load resource".
      if (message.type() === 'error' && !/status of 40[0134]/.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    return page;
  }

  async function login(page: Page, name: keyof typeof passwords, password: string = passwords[name]): Promise<void> {
    await page.goto(`${desk.url}/login`);
    await page.fill('input[name=name]', name);
    await page.fill('input[name=password]', password);
    await page.click('#login-form button[type=submit]');
  }

  it('without a session shows only the login page, and /api/… answers 401', async () => {
    const page = await newPage();
    for (const path of ['/', `/leads/${database.ids.ring}`, '/admin/users', '/export/leads.csv', '/leads/L-nonexistent']) {
      await page.goto(`${desk.url}${path}`);
      expect(new URL(page.url()).pathname).toBe('/login');
      const html = await page.content();
      for (const id of Object.values(database.ids)) expect(html).not.toContain(id);
      expect(html).not.toMatch(/线索 \d+ 条|data-count/);
    }
    await page.screenshot({ path: join(SCREENSHOTS, '01-login.png'), fullPage: true });
    const api = await page.request.get(`${desk.url}/api/leads`, { maxRedirects: 0 });
    expect(api.status()).toBe(401);
    expect(await api.json()).toEqual({ error: 'unauthenticated' });
    await page.context().close();
  });

  it('a reviewer filters, opens the ring lead, records reviewing then confirmed with a note, and sees the audit entry', async () => {
    const page = await newPage();
    await login(page, 'wang');
    expect(new URL(page.url()).pathname).toBe('/');
    const total = Number(await page.locator('#count').getAttribute('data-count'));
    expect(total).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: join(SCREENSHOTS, '02-index.png'), fullPage: true });

    await page.selectOption('#f-family', 'collusion');
    await page.click('#apply');
    const filtered = Number(await page.locator('#count').getAttribute('data-count'));
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(total);
    const shown = await page.locator('#lead-rows tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-lead')));
    expect(shown).toContain(database.ids.ring);
    expect(shown).not.toContain(database.ids.approval);
    await page.screenshot({ path: join(SCREENSHOTS, '03-index-filtered.png'), fullPage: true });

    await page.click(`#lead-rows tr[data-lead="${database.ids.ring}"] td.title a`);
    expect(new URL(page.url()).pathname).toBe(`/leads/${database.ids.ring}`);
    expect(await page.locator('#current-status').getAttribute('data-status')).toBe('new');
    await expect(page.locator('figure.network svg').count()).resolves.toBe(1);
    // The case reads from its summary; the hits are folded until opened.
    expect(await page.locator('#case-summary').innerText()).toMatch(/恒达建设有限公司[\s\S]*某县污水管网工程一标段/);
    expect(await page.locator('section.hit').count()).toBeGreaterThan(2);
    await expect(page.locator('section.hit details[open]').count()).resolves.toBe(0);
    await page.locator('section.hit[data-rule^="A1"] summary').first().click();
    expect(await page.locator('section.hit[data-rule^="A1"] table.records').first().isVisible()).toBe(true);

    await page.selectOption('#review-status', 'reviewing');
    await page.selectOption('#review-assignee', 'wang');
    await page.click('#review-submit');
    expect(await page.locator('#current-status').getAttribute('data-status')).toBe('reviewing');

    // Confirming without a note is refused and changes nothing.
    await page.selectOption('#review-status', 'confirmed');
    await page.click('#review-submit');
    expect(await page.locator('#review-message').textContent()).toContain('须填写核查意见');
    expect(await page.locator('#current-status').getAttribute('data-status')).toBe('reviewing');

    await page.selectOption('#review-status', 'confirmed');
    await page.fill('#review-note', '已调取原始投标文件，四家企业标书由同一台电脑编制，移送审查调查');
    await page.click('#review-submit');
    expect(await page.locator('#current-status').getAttribute('data-status')).toBe('confirmed');
    const history = await page.locator('#review-history tbody tr').allTextContents();
    expect(history).toHaveLength(2);
    expect(history[0]).toContain('wang');
    expect(history[0]).toContain('移送审查调查');
    expect(history[0]).toMatch(/核查中.*已确认/);
    const audit = await page.locator('#lead-audit tbody tr').allTextContents();
    expect(audit.some((row) => row.includes('wang') && row.includes('review') && row.includes('reviewing → confirmed'))).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, '04-lead-confirmed.png'), fullPage: true });

    // The account number is masked until an explicit, logged "show".
    expect(await page.content()).not.toContain(ACCOUNT);
    await page.click('#show-numbers');
    expect(await page.content()).toContain(ACCOUNT);
    expect(await page.locator('#lead-audit').textContent()).toContain('show_numbers');
    await page.screenshot({ path: join(SCREENSHOTS, '05-lead-numbers-shown.png') });

    // Back on the index the lead shows its new status.
    await page.goto(`${desk.url}/?status=confirmed`);
    expect(await page.locator('#lead-rows tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-lead')))).toEqual([database.ids.ring]);
    await page.context().close();
  });

  it('refuses a forged form without the CSRF token', async () => {
    const page = await newPage();
    await login(page, 'wang');
    const forged = await page.request.post(`${desk.url}/leads/${database.ids.approval}/review`, { form: { status: 'reviewing', note: 'forged' }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    const wrongToken = await page.request.post(`${desk.url}/leads/${database.ids.approval}/review`, { form: { status: 'reviewing', _csrf: 'x'.repeat(43) }, maxRedirects: 0 });
    expect(wrongToken.status()).toBe(403);
    await page.goto(`${desk.url}/leads/${database.ids.approval}`);
    expect(await page.locator('#current-status').getAttribute('data-status')).toBe('new');
    // A cross-site page posting the form with a stolen-looking token is refused by its Origin as well.
    const token = await page.locator('#review-form input[name=_csrf]').inputValue();
    const crossSite = await page.request.post(`${desk.url}/leads/${database.ids.approval}/review`, { form: { status: 'reviewing', _csrf: token }, headers: { origin: 'http://evil.example' }, maxRedirects: 0 });
    expect(crossSite.status()).toBe(403);
    expect(desk.store.auditLog().filter((entry) => entry.action === 'csrf_refused').length).toBeGreaterThanOrEqual(3);
    await page.context().close();
  });

  it('an analyst reads leads with names masked but cannot submit a review', async () => {
    const page = await newPage();
    await login(page, 'zhao');
    await page.goto(`${desk.url}/leads/${database.ids.ring}`);
    await expect(page.locator('#review-form').count()).resolves.toBe(0);
    await expect(page.locator('#read-only').count()).resolves.toBe(1);
    await expect(page.locator('#show-numbers').count()).resolves.toBe(0);
    const html = await page.content();
    expect(html).not.toContain('王某');
    expect(html).toContain('王*');
    expect(html).not.toContain(ACCOUNT);
    await page.screenshot({ path: join(SCREENSHOTS, '06-analyst-lead.png'), fullPage: false });
    const token = await page.locator('header form input[name=_csrf]').inputValue();
    const attempt = await page.request.post(`${desk.url}/leads/${database.ids.approval}/review`, { form: { status: 'reviewing', note: '分析人员', _csrf: token }, maxRedirects: 0 });
    expect(attempt.status()).toBe(403);
    const show = await page.request.post(`${desk.url}/leads/${database.ids.ring}/show`, { form: { _csrf: token }, maxRedirects: 0 });
    expect(show.status()).toBe(403);
    expect(await show.text()).not.toContain(ACCOUNT);
    expect(desk.store.reviews.forLead(database.ids.approval)).toEqual([]);
    const admin = await page.request.get(`${desk.url}/admin/users`, { maxRedirects: 0 });
    expect(admin.status()).toBe(403);
    await page.context().close();
  });

  it('locks an account after five wrong passwords, even against the right one', async () => {
    const page = await newPage();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await login(page, 'li', `wrong-password-${attempt}`);
      expect(await page.locator('#login-error').getAttribute('data-error')).toBe(attempt < 5 ? 'wrong' : 'locked');
    }
    await login(page, 'li');
    expect(await page.locator('#login-error').getAttribute('data-error')).toBe('locked');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.screenshot({ path: join(SCREENSHOTS, '07-locked.png'), fullPage: true });
    const actions = desk.store.auditLog().filter((entry) => entry.actor === 'li').map((entry) => entry.action);
    expect(actions).toContain('account_locked');
    expect(actions).toContain('login_refused_locked');

    // An admin sees the lock and lifts it; then the right password works.
    await login(page, 'root');
    await page.goto(`${desk.url}/admin/users`);
    await page.screenshot({ path: join(SCREENSHOTS, '08-admin-users.png'), fullPage: true });
    await page.locator('#users tr', { hasText: 'li' }).locator('button').click();
    await page.goto(`${desk.url}/admin/audit`);
    expect(await page.locator('#audit').textContent()).toContain('user_unlocked');
    await page.screenshot({ path: join(SCREENSHOTS, '09-admin-audit.png'), fullPage: true });
    await page.click('#logout');
    expect(new URL(page.url()).pathname).toBe('/login');
    await login(page, 'li');
    expect(new URL(page.url()).pathname).toBe('/');
    await page.context().close();
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, and ends the session on sign-out', async () => {
    const page = await newPage();
    await login(page, 'wang');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'bidwatch_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false });
    await page.click('#logout');
    await page.context().addCookies([{ ...cookie!, expires: -1 }]);
    const after = await page.request.get(`${desk.url}/api/leads`, { maxRedirects: 0 });
    expect(after.status()).toBe(401);
    await page.context().close();
  });

  it('had no page errors and no outside requests', () => {
    expect(problems).toEqual([]);
  });
});
