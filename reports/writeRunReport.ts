import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../ingest/Database.ts';
import { loadRunReport } from './loadRunReport.ts';
import { loadLeadContext } from './loadLeadContext.ts';
import { renderMarkdown } from './renderMarkdown.ts';
import { renderLeadsCsv } from './renderLeadsCsv.ts';
import { writeHtmlReport } from './html/writeHtmlReport.ts';

/**
 * Writes one scan's reports into `<out>/<run id>/` — leads.json, leads.csv, leads.md and the
 * static HTML report in html/ (open html/index.html from disk) — and the same files into
 * `<out>/latest/`, so the nightly job's newest report has a fixed path. Returns the run folder.
 *
 * @example
 * const folder = await writeRunReport(db, summary.runId, 'reports/out');
 */
export async function writeRunReport(db: Database, runId: string, out: string): Promise<string> {
  const report = await loadRunReport(db, runId);
  const context = await loadLeadContext(db, report.leads);
  const folder = join(out, runId);
  const folders = [folder, join(out, 'latest')];
  const files = {
    'leads.json': `${JSON.stringify(report, null, 2)}\n`,
    'leads.csv': renderLeadsCsv(report),
    'leads.md': renderMarkdown(report),
  };
  for (const target of folders) {
    mkdirSync(target, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(target, name), text);
  }
  writeHtmlReport(report, context, folders);
  return folder;
}
