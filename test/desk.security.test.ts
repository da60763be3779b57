import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type RunningDesk } from '../desk/startDesk.ts';
import { renderLeadsCsv } from '../reports/renderLeadsCsv.ts';
import { deskDatabase, type DeskDatabase } from './support/deskDatabase.ts';
import { signIn } from './support/deskClient.ts';
import { reportScenario } from './reports.scenario.ts';

const ACCOUNT = '6222020200112233777';
const cheap = { log2N: 12, r: 8, p: 1 };
const payloads = {
  company: '<script>alert("company")</script>恒达建设有限公司',
  formulaCompany: '=HYPERLINK("http://evil.example/","点我")',
  tender: '"><img src=x onerror=alert("tender")>污水管网一标段',
  project: '<svg onload=alert("project")>某县污水管网工程',
  note: '<script>alert("note")</script>核查意见',
  formulaNote: '=HYPERLINK("http://evil.example/steal","详情")',
};
/** Markup that would run if a payload reached the page unescaped. */
const live = [/<script>alert/, /<img src=x onerror/i, /<svg onload/i];

/** The report scenario with hostile text in names, titles and (below) notes. */
const hostile = (() => {
  const copy = structuredClone(reportScenario);
  copy.companies = copy.companies!.map((c) => (c.id === 'C1' ? { ...c, name: payloads.company } : c.id === 'C2' ? { ...c, name: payloads.formulaCompany } : c));
  copy.tenders = copy.tenders!.map((t) => (t.id === 'T1' ? { ...t, title: payloads.tender } : t));
  copy.projects = copy.projects!.map((p) => (p.code === 'P3' ? { ...p, name: payloads.project } : p));
  return copy;
})();

/** Splits CSV text into rows of cells (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

describe('review desk and report security', () => {
  let database: DeskDatabase;
  let desk: RunningDesk;
  const pages: { where: string; html: string }[] = [];
  let deskCsv = '';

  beforeAll(async () => {
    database = await deskDatabase(hostile);
    desk = await startDesk({ db: database.path, port: 0, host: '127.0.0.1' });
    await desk.store.addUser('wang', 'reviewer', 'wang-reviewer-pw', 'test', cheap);
    await desk.store.addUser('zhao', 'analyst', 'zhao-analyst-pw', 'test', cheap);
    await desk.store.addUser('root', 'admin', 'root-admin-pw1', 'test', cheap);
    const reviewer = await signIn(desk.url, 'wang', 'wang-reviewer-pw');
    expect((await reviewer.post(`/leads/${database.ids.ring}/review`, { status: 'reviewing', note: payloads.note })).status).toBe(303);
    expect((await reviewer.post(`/leads/${database.ids.ring}/review`, { status: 'dismissed', note: payloads.formulaNote })).status).toBe(303);
    // A hostile name typed at the login box lands in the audit log.
    await signIn(desk.url, 'root', 'root-admin-pw1');
    const admin = await signIn(desk.url, 'root', 'root-admin-pw1');
    const loginPage = await fetch(`${desk.url}/login`);
    const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(await loginPage.text())![1]!;
    const failed = await fetch(`${desk.url}/login`, {
      method: 'POST',
      headers: { cookie: loginPage.headers.getSetCookie()[0]!.split(';')[0]! },
      body: new URLSearchParams({ _csrf: loginCsrf, name: '<script>alert("login")</script>', password: 'x' }),
    });
    expect(failed.status).toBe(401);

    const leadIds = desk.snapshot.report!.leads.map((lead) => lead.lead_id);
    const analyst = await signIn(desk.url, 'zhao', 'zhao-analyst-pw');
    for (const [role, client] of [['reviewer', reviewer], ['analyst', analyst], ['admin', admin]] as const) {
      pages.push({ where: `${role} /`, html: await (await client.request('/')).text() });
      pages.push({ where: `${role} /?q=`, html: await (await client.request(`/?q=${encodeURIComponent(payloads.company)}`)).text() });
      for (const id of leadIds) pages.push({ where: `${role} ${id}`, html: await (await client.request(`/leads/${id}`)).text() });
      pages.push({ where: `${role} /api/leads`, html: await (await client.request('/api/leads')).text() });
    }
    pages.push({ where: 'admin audit', html: await (await admin.request('/admin/audit')).text() });
    pages.push({ where: 'admin users', html: await (await admin.request('/admin/users')).text() });
    deskCsv = await (await reviewer.request('/export/leads.csv')).text();
    const html = join(database.dir, 'out', 'run-1', 'html');
    pages.push({ where: 'static index', html: readFileSync(join(html, 'index.html'), 'utf8') });
    for (const file of readdirSync(join(html, 'leads'))) pages.push({ where: `static ${file}`, html: readFileSync(join(html, 'leads', file), 'utf8') });
    pages.push({ where: 'static leads.md', html: readFileSync(join(database.dir, 'out', 'run-1', 'leads.md'), 'utf8') });
    pages.push({ where: 'static leads.json', html: readFileSync(join(database.dir, 'out', 'run-1', 'leads.json'), 'utf8') });
  });

  afterAll(async () => {
    await desk?.close();
    rmSync(database.dir, { recursive: true, force: true });
  });

  it('shows hostile names, titles and notes as text on every page', () => {
    const ring = pages.find((p) => p.where === `reviewer ${database.ids.ring}`)!.html;
    // The payloads are there, escaped: the test would pass vacuously if they were not shown at all.
    expect(ring).toContain('&lt;script&gt;alert(&quot;company&quot;)&lt;/script&gt;恒达建设有限公司');
    expect(ring).toContain('&lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt;核查意见');
    expect(ring).toContain('&quot;&gt;&lt;img src=x onerror=alert(&quot;tender&quot;)&gt;');
    expect(pages.find((p) => p.where === 'admin audit')!.html).toContain('&lt;script&gt;alert(&quot;login&quot;)');
    // JSON is data, served as application/json with nosniff: its strings stay as they are.
    for (const { where, html } of pages.filter((p) => !/json|api/.test(p.where))) for (const pattern of live) expect(html, where).not.toMatch(pattern);
  });

  it('neutralises formulas in the CSV exports (desk and static report)', () => {
    const staticCsv = readFileSync(join(database.dir, 'out', 'run-1', 'leads.csv'), 'utf8');
    const report = { ...desk.snapshot.report!, leads: desk.snapshot.report!.leads.map((lead) => ({ ...lead, review_note: payloads.formulaNote })) };
    for (const csv of [deskCsv, staticCsv, renderLeadsCsv(report)]) {
      const cells = parseCsv(csv.replace(/^\uFEFF/, '')).flat();
      expect(cells.some((cell) => cell.includes('HYPERLINK'))).toBe(true);
      for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(renderLeadsCsv(report)).toContain(`"'=HYPERLINK(""http://evil.example/steal"",""详情"")"`);
  });

  it('shows no account number in full on any page or export', () => {
    for (const { where, html } of pages) expect(html, where).not.toContain(ACCOUNT);
    expect(deskCsv).not.toContain(ACCOUNT);
    // …but the masked form, so the check is not vacuous.
    expect(pages.find((p) => p.where === `reviewer ${database.ids.ring}`)!.html).toContain('3777');
  });

  it('masks person names for analysts only', () => {
    const reviewer = pages.find((p) => p.where === `reviewer ${database.ids.ring}`)!.html;
    const analyst = pages.find((p) => p.where === `analyst ${database.ids.ring}`)!.html;
    expect(reviewer).toContain('王某');
    expect(analyst).not.toContain('王某');
    expect(analyst).toContain('王*');
  });
});
