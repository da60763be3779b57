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
