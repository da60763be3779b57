import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { Database } from '../db/Database.ts';
import { runScan } from '../cli/runScan.ts';
import { recordReview } from '../leads/recordReview.ts';
import { loadScenario, reportScenario } from './reports.scenario.ts';
import { synthesiseReportLeads } from '../bench/synthesiseReportLeads.ts';
import { writeRunReport } from '../reports/writeRunReport.ts';
import { findOrInstallChromium } from './support/chromium.ts';

const SCREENSHOTS = join(import.meta.dirname, '.artifacts', 'screenshots');
/** Long enough for the test setup to install Debian's chromium on a fresh machine. */
const INSTALL_TIMEOUT_MS = 15 * 60_000;

/**
 * Scan 1 sees the ring (P3) and the approval case (P1); a reviewer takes up the ring; scan 2
 * also sees tender T5. Then the report of scan 2 is opened from disk in headless Chromium.
 */
describe('the HTML report in a browser', () => {
  let dir: string;
  let index: string;
  let context: BrowserContext;
  const problems: string[] = [];
  const ids = { ring: '', approval: '', procedure: '' };

  beforeAll(async () => {
    const executablePath = await findOrInstallChromium();
    dir = mkdtempSync(join(tmpdir(), 'bidwatch-report-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    const db = await Database.open(':memory:');
    try {
      const isT5 = (r: Record<string, unknown>) => r.id === 'T5' || r.tender_id === 'T5';
      const withoutT5 = Object.fromEntries(Object.entries(reportScenario).map(([type, rows]) => [type, rows.filter((r) => !isT5(r))]));
      const onlyT5 = Object.fromEntries(Object.entries(reportScenario).map(([type, rows]) => [type, rows.filter(isT5)]));
      await loadScenario(db, withoutT5);
      await runScan({ db, input: null, out: join(dir, 'out'), runId: 'run-1' });
      const leads = await db.query<{ lead_id: string; tender_ids: string[] }>('select lead_id, tender_ids from leads');
      ids.ring = leads.find((l) => l.tender_ids.includes('T1'))!.lead_id;
      ids.approval = leads.find((l) => l.tender_ids.includes('T2'))!.lead_id;
      await recordReview(db, { leadId: ids.ring, status: 'reviewing', note: '已调取原始投标文件，核对硬件码', reviewer: '王审查' });
      await loadScenario(db, onlyT5);
      await runScan({ db, input: null, out: join(dir, 'out'), runId: 'run-2' });
      ids.procedure = (await db.query<{ lead_id: string }>("select lead_id from leads where list_contains(tender_ids, 'T5')"))[0]!.lead_id;
    } finally {
      db.close();
    }
    index = join(dir, 'out', 'run-2', 'html', 'index.html');
    context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
      executablePath,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // The report must not reach for anything but its own files.
    await context.route(/^(?!file:)/, async (route) => {
      problems.push(`network request: ${route.request().url()}`);
      await route.abort();
    });
    context.on('page', watch);
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function watch(page: Page): void {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  }

  const count = async (page: Page) => Number(await page.locator('#count').getAttribute('data-count'));

  it('writes the report folder: index, one page per lead, exports', () => {
    const run = join(dir, 'out', 'run-2');
    expect(existsSync(index)).toBe(true);
    for (const id of Object.values(ids)) expect(existsSync(join(run, 'html', 'leads', `${id}.html`))).toBe(true);
    expect(readFileSync(join(run, 'leads.csv'), 'utf8').startsWith('\uFEFFlead_id,')).toBe(true);
    expect(existsSync(join(dir, 'out', 'latest', 'html', 'index.html'))).toBe(true);
  });

  it('lists the leads by score, filters them and searches', async () => {
    const page = await context.newPage();
    await page.goto(pathToFileURL(index).href);
    const rows = page.locator('#lead-rows tr');
    await expect.poll(() => rows.count()).toBe(3);
    const listed = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-lead')));
    expect(new Set(listed)).toEqual(new Set(Object.values(ids)));
    const scores = await page.locator('#lead-rows .score').allTextContents();
    expect(scores.map(Number)).toEqual([...scores.map(Number)].sort((a, b) => b - a));
    await page.screenshot({ path: join(SCREENSHOTS, 'index.png'), fullPage: true });

    await page.selectOption('#f-family', 'collusion');
    expect(await count(page)).toBe(1);
    expect(await rows.getAttribute('data-lead')).toBe(ids.ring);
    await page.screenshot({ path: join(SCREENSHOTS, 'index-filter-collusion.png') });

    await page.click('#reset');
    expect(await count(page)).toBe(3);
    await page.check('#f-new');
    expect(await count(page)).toBe(1);
    expect(await rows.getAttribute('data-lead')).toBe(ids.procedure);
    await page.screenshot({ path: join(SCREENSHOTS, 'index-filter-new.png') });

    await page.click('#reset');
    await page.selectOption('#f-detection', 'D1');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-lead')))).toEqual([ids.approval]);
    await page.click('#reset');
    await page.selectOption('#f-region', '530602');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-lead')))).toEqual([ids.procedure]);
    await page.click('#reset');
    await page.selectOption('#f-status', 'reviewing');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-lead')))).toEqual([ids.ring]);
    await page.click('#reset');
    await page.fill('#f-search', '恒达');
    expect(await count(page)).toBe(1);
    await page.fill('#f-search', '没有这家企业');
    expect(await count(page)).toBe(0);
    await page.close();
  });

  it("shows a ring's evidence with the shared traces marked, its network and bids, its review, masked accounts", async () => {
    const page = await context.newPage();
    await page.goto(pathToFileURL(index).href);
    await page.click(`#lead-rows tr[data-lead="${ids.ring}"] a`);
    await page.waitForURL(/leads\/L-/);
    await expect.poll(() => page.locator('section.hit').count()).toBeGreaterThan(2);
    const a1 = page.locator('section.hit[data-rule="A1-shared-bid-file-traces"]').first();
    expect(await a1.locator('table tbody tr').count()).toBeGreaterThanOrEqual(3);
    expect(await a1.locator('tr.hl mark').allTextContents()).toContain('HW-1');
    expect(await page.locator('svg.network .node').count()).toBe(6);
    expect(await page.locator('svg.bids .bid').count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator('table.reviews').innerText()).toContain('已调取原始投标文件，核对硬件码');
    expect(await page.locator('[data-status]').first().getAttribute('data-status')).toBe('reviewing');
    const html = await page.content();
    expect(html).not.toContain('6222020200112233777');
    expect(html).toContain('3777');
    await page.screenshot({ path: join(SCREENSHOTS, 'lead-ring-top.png') });
    await page.locator('figure.network').screenshot({ path: join(SCREENSHOTS, 'lead-ring-network.png') });
    await page.locator('section.hit[data-rule="A3-shared-deposit-account"]').screenshot({ path: join(SCREENSHOTS, 'lead-ring-evidence-A3.png') });
    await page.screenshot({ path: join(SCREENSHOTS, 'lead-ring-full.png'), fullPage: true });

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click('[data-action="lang"]');
    expect(await page.locator('h2').first().innerText()).toBe('Summary');
    await page.screenshot({ path: join(SCREENSHOTS, 'lead-ring-english.png') });
    await page.click('[data-action="lang"]');

    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await page.locator('header.bar').isVisible()).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'lead-ring-print.png') });
    await page.pdf({ path: join(SCREENSHOTS, 'lead-ring.pdf'), format: 'A4', printBackground: true });
    await page.close();
  });

  it("draws a project's timeline", async () => {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(dir, 'out', 'run-2', 'html', 'leads', `${ids.approval}.html`)).href);
    const timeline = page.locator('svg.timeline');
    expect(await timeline.count()).toBe(1);
    expect(await timeline.locator('.event').count()).toBeGreaterThanOrEqual(7);
    expect(await page.locator('section.hit[data-rule="D1-tender-before-project-approval"]').count()).toBe(1);
    await page.locator('figure.timeline').screenshot({ path: join(SCREENSHOTS, 'lead-approval-timeline.png') });
    await page.close();
  });

  it('raised no console error and made no network request', () => {
    expect(problems).toEqual([]);
  });
});

/**
 * A run of 450 leads: the index has three static pages of 200 with a pager, and the filters
 * and search load every lead's row (index-data.js) to work across all three.
 */
describe('the paginated HTML index in a browser', () => {
  const LEADS = 450;
  let dir: string;
  let context: BrowserContext;
  let leads: { lead_id: string; family: string; status: string }[];
  const problems: string[] = [];
  const url = (file: string) => pathToFileURL(join(dir, 'out', 'run-1', 'html', file)).href;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bidwatch-report-pages-'));
    const db = await Database.open(':memory:');
    try {
      await synthesiseReportLeads(db, LEADS);
      await writeRunReport(db, 'run-1', join(dir, 'out'));
      leads = await db.query("select lead_id, family, status from leads where last_seen_run = 'run-1' order by score desc, lead_id");
    } finally {
      db.close();
    }
    context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
      executablePath: await findOrInstallChromium(),
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    await context.route(/^(?!file:)/, async (route) => {
      problems.push(`network request: ${route.request().url()}`);
      await route.abort();
    });
    context.on('page', (page) => {
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    });
  });

  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const listed = (page: Page) => page.locator('#lead-rows tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-lead')));
  const ranks = (page: Page) => page.locator('#lead-rows tr td:first-child').allTextContents();
  /** The number of matches once the page has them (-1 while index-data.js loads). */
  const settledCount = (page: Page) => page.locator('#count').getAttribute('data-count').then(Number);

  it('lists 200 leads per page, in rank order, with a pager to the others', async () => {
    const page = await context.newPage();
    await page.goto(url('index.html'));
    await expect.poll(() => listed(page)).toEqual(leads.slice(0, 200).map((l) => l.lead_id));
    expect(await page.locator('nav.pager').first().getAttribute('data-pages')).toBe('3');
    expect(await page.locator('nav.pager').first().isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'index-paginated.png') });

    await page.locator('nav.pager').first().locator('a[rel="next"]').click();
    await page.waitForURL(/index-2\.html$/);
    await expect.poll(() => listed(page)).toEqual(leads.slice(200, 400).map((l) => l.lead_id));
    expect((await ranks(page))[0]).toBe('201');
    await page.locator('nav.pager').first().locator('a', { hasText: '3' }).click();
    await page.waitForURL(/index-3\.html$/);
    await expect.poll(() => listed(page)).toEqual(leads.slice(400).map((l) => l.lead_id));
    expect(await page.locator('#inactive-leads').count()).toBe(0);
    await page.close();
  });

  it('filters and searches across every page, from any page', async () => {
    const page = await context.newPage();
    await page.goto(url('index-2.html'));
    await expect.poll(() => listed(page)).toHaveLength(200);

    const procedure = leads.filter((l) => l.family === 'procedure').map((l) => l.lead_id);
    await page.selectOption('#f-family', 'procedure');
    await expect.poll(() => settledCount(page)).toBe(procedure.length);
    expect(await listed(page)).toEqual(procedure.slice(0, 200));
    expect(await page.locator('nav.pager').first().isVisible()).toBe(false);

    // The last lead, on page 3, found from page 2.
    await page.click('#reset');
    const last = leads[LEADS - 1]!.lead_id;
    await page.fill('#f-search', last.toLowerCase());
    await expect.poll(() => listed(page)).toEqual([last]);
    expect(await settledCount(page)).toBe(1);

    // Clearing the filters gives the page back its own leads and its pager.
    await page.click('#reset');
    await expect.poll(() => listed(page)).toEqual(leads.slice(200, 400).map((l) => l.lead_id));
    expect(await settledCount(page)).toBe(LEADS);
    expect(await page.locator('nav.pager').first().isVisible()).toBe(true);

    // More than a page of matches: the first 200, then "more".
    const fresh = leads.filter((l) => l.status === 'new').map((l) => l.lead_id);
    expect(fresh.length).toBeGreaterThan(200);
    await page.selectOption('#f-status', 'new');
    await expect.poll(() => settledCount(page)).toBe(fresh.length);
    expect(await listed(page)).toEqual(fresh.slice(0, 200));
    await page.click('#more');
    expect(await listed(page)).toEqual(fresh);
    await page.screenshot({ path: join(SCREENSHOTS, 'index-paginated-filtered.png') });
    await page.close();
  });

  it('opens a filtered view from its address', async () => {
    const page = await context.newPage();
    await page.goto(`${url('index.html')}#family=approval&status=confirmed`);
    const expected = leads.filter((l) => l.family === 'approval' && l.status === 'confirmed').map((l) => l.lead_id);
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => listed(page)).toEqual(expected);
    await page.close();
  });

  it('raised no console error and made no network request', () => {
    expect(problems).toEqual([]);
  });
});
