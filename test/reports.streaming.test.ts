import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/registry.ts';
import { synthesiseReportLeads } from '../bench/synthesiseReportLeads.ts';
import { ChangedFileWriter } from '../reports/ChangedFileWriter.ts';
import { loadLeadContext } from '../reports/loadLeadContext.ts';
import { loadRunReport } from '../reports/loadRunReport.ts';
import { renderLeadsCsv } from '../reports/renderLeadsCsv.ts';
import { renderMarkdown } from '../reports/renderMarkdown.ts';
import { writeRunReport } from '../reports/writeRunReport.ts';
import { leadFile } from '../reports/html/markup.ts';
import { renderLeadPage } from '../reports/html/renderLeadPage.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';

const LEADS = 260;
const read = (...path: string[]) => readFileSync(join(...path), 'utf8');
/** The rows of index-data.js, as the index page's script sees them. */
const indexData = (html: string) => {
  const text = read(html, 'index-data.js');
  expect(text.startsWith('window.bidwatchLeadIndex = [')).toBe(true);
  return JSON.parse(text.slice('window.bidwatchLeadIndex = '.length).replace(/;\s*$/, '')) as { id: string; file: string; family: string }[];
};

describe('reports written in batches', () => {
  it('streams, in small batches and on worker threads, exactly the reports the whole run renders in memory', async () => {
    await withTempDir(async (dir) => {
      await withDatabase(async (db) => {
        await synthesiseReportLeads(db, LEADS);
        const folder = await writeRunReport(db, 'run-1', join(dir, 'out'), { batchSize: 64, pageSize: 50, threads: 2 });
        const report = await loadRunReport(db, 'run-1');
        expect(report.leads).toHaveLength(LEADS);
        expect(report.inactiveLeads).toHaveLength(500);

        expect(read(folder, 'leads.json')).toBe(`${JSON.stringify(report, null, 2)}\n`);
        expect(read(folder, 'leads.csv')).toBe(renderLeadsCsv(report));
        expect(read(folder, 'leads.md')).toBe(renderMarkdown(report));
        expect(read(folder, 'leads.md')).toContain('（另有 60 条线索，见 leads.json）');

        const context = await loadLeadContext(db, report.leads, undefined, 'run-1');
        const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
        const html = join(folder, 'html');
        expect(readdirSync(join(html, 'leads')).sort()).toEqual(report.leads.map((lead) => leadFile(lead.lead_id)).sort());
        for (const lead of report.leads) {
          expect(read(html, 'leads', leadFile(lead.lead_id)), lead.lead_id).toBe(renderLeadPage({ lead, report, context, rules: ruleById }));
        }

        // The index: 6 pages of 50 (the last of 10), every lead's row in index-data.js in rank order.
        const pages = readdirSync(html).filter((name) => /^index(-\d+)?\.html$/.test(name));
        expect(pages.sort()).toEqual(['index.html', ...Array.from({ length: 5 }, (_, i) => `index-${i + 2}.html`)].sort());
        expect(indexData(html).map((row) => row.id)).toEqual(report.leads.map((lead) => lead.lead_id));
        const page3 = read(html, 'index-3.html');
        const inline = JSON.parse(page3.match(/<script type="application\/json" id="lead-data">(.*?)<\/script>/s)![1]!);
        expect(inline.first).toBe(101);
        expect(inline.leads.map((row: { id: string }) => row.id)).toEqual(report.leads.slice(100, 150).map((lead) => lead.lead_id));
        expect(page3).toContain('href="index-2.html" rel="prev"');
        expect(page3).toContain('href="index-4.html" rel="next"');
        expect(page3).not.toContain('id="inactive"'); // the earlier leads are listed on the first page only
        expect(read(html, 'index.html')).toContain('id="inactive-leads"');
        const meta = JSON.parse(read(html, 'index-meta.js').replace(/^window\.bidwatchIndexMeta = /, '').replace(/;\s*$/, ''));
        expect(meta.total).toBe(LEADS);
        expect(meta.pages).toBe(6);
        expect(meta.options.family).toEqual(['approval', 'collusion', 'procedure']);
        for (const text of [read(folder, 'leads.json'), read(html, 'index-data.js'), read(html, 'index.html')]) expect(text).not.toMatch(/62220202\d{11}/);
      });
    });
  });

  it('re-renders in place: what did not change stays untouched, a reviewed lead and the files listing it are rewritten', async () => {
    await withTempDir(async (dir) => {
      await withDatabase(async (db) => {
        await synthesiseReportLeads(db, 120);
        const out = join(dir, 'out');
        const folder = await writeRunReport(db, 'run-1', out, { batchSize: 50, pageSize: 50 });
        const files = ['leads.json', 'leads.csv', 'leads.md', 'html/index.html', 'html/index-2.html', 'html/index-data.js', 'html/leads/L-0000000001.html', 'html/leads/L-0000000002.html'];
        // Mark every file old, then render again: files whose text is the same keep their time.
        const old = new Date('2020-01-01T00:00:00Z');
        for (const file of files) utimesSync(join(folder, file), old, old);
        const stamp = (file: string) => statSync(join(folder, file)).mtimeMs;

        await writeRunReport(db, 'run-1', out, { batchSize: 50, pageSize: 50 });
        for (const file of files) expect(stamp(file), file).toBe(old.getTime());

        await db.run("insert into lead_reviews (lead_id, status, note, reviewer, reviewed_at) values ('L-0000000001', 'confirmed', '已核实', '李审查', now())");
        await db.run("update leads set status = 'confirmed' where lead_id = 'L-0000000001'");
        await writeRunReport(db, 'run-1', out, { batchSize: 50, pageSize: 50 });
        const changed = files.filter((file) => stamp(file) !== old.getTime());
        expect(changed).toContain('leads.json');
        expect(changed).toContain('leads.csv');
        expect(changed).toContain('html/leads/L-0000000001.html');
        expect(changed).toContain('html/index-data.js');
        expect(changed).not.toContain('html/leads/L-0000000002.html');
        const report = await loadRunReport(db, 'run-1');
        expect(read(folder, 'leads.json')).toBe(`${JSON.stringify(report, null, 2)}\n`);
        expect(read(folder, 'html', 'leads', 'L-0000000001.html')).toContain('已核实');
      });
    });
  });

  it('writes a large file only where it differs, in bounded pieces', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'big.txt');
      const piece = (i: number) => `${'行'.repeat(1000)}${i}\n`;
      const write = (pieces: string[]) => {
        const writer = new ChangedFileWriter(path);
        pieces.forEach((p) => writer.write(p));
        return writer.close();
      };
      const text = Array.from({ length: 2000 }, (_, i) => piece(i)); // about 6 MB: several chunks
      expect(write(text)).toBe(true);
      expect(read(path)).toBe(text.join(''));
      expect(write(text)).toBe(false);
      const middle = [...text];
      middle[1200] = piece(-1);
      expect(write(middle)).toBe(true);
      expect(read(path)).toBe(middle.join(''));
      expect(write(middle.slice(0, 1500))).toBe(true); // shorter
      expect(read(path)).toBe(middle.slice(0, 1500).join(''));
      expect(write([...middle.slice(0, 1500), 'more'])).toBe(true); // longer
      expect(read(path)).toBe(`${middle.slice(0, 1500).join('')}more`);
      expect(write([])).toBe(true);
      expect(read(path)).toBe('');
      const aborted = new ChangedFileWriter(path);
      aborted.write('never');
      aborted.abort();
      expect(read(path)).toBe('');
      expect(readdirSync(dir)).toEqual(['big.txt']);
      expect(existsSync(`${path}.${process.pid}.tmp`)).toBe(false);
    });
  });
});
