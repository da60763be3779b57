import { cpSync, lstatSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/Database.ts';
import { loadRunReport } from './loadRunReport.ts';
import { loadLeadContext } from './loadLeadContext.ts';
import { renderMarkdown } from './renderMarkdown.ts';
import { renderLeadsCsv } from './renderLeadsCsv.ts';
import { writeHtmlReport } from './html/writeHtmlReport.ts';
import { writeIfChanged } from './writeIfChanged.ts';

/**
 * Writes one scan's reports into `<out>/<run id>/` — leads.json, leads.csv, leads.md and the
 * static HTML report in html/ (open html/index.html from disk) — and points `<out>/latest/` at
 * them, so the nightly job's newest report has a fixed path. Returns the run folder.
 *
 * `latest` is a symbolic link to the run folder, swapped atomically: copying a 10,000-lead
 * report (and deleting yesterday's copy) every night costs more than writing it. Where links
 * are not allowed (Windows without developer mode) it falls back to a copy.
 *
 * @example
 * const folder = await writeRunReport(db, summary.runId, 'reports/out');
 */
export async function writeRunReport(db: Database, runId: string, out: string): Promise<string> {
  const report = await loadRunReport(db, runId);
  const context = await loadLeadContext(db, report.leads, undefined, runId);
  const folder = join(out, runId);
  mkdirSync(folder, { recursive: true });
  writeIfChanged(join(folder, 'leads.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeIfChanged(join(folder, 'leads.csv'), renderLeadsCsv(report));
  writeIfChanged(join(folder, 'leads.md'), renderMarkdown(report));
  writeHtmlReport(report, context, folder);
  pointLatestAt(out, runId);
  return folder;
}

function pointLatestAt(out: string, runId: string): void {
  const latest = join(out, 'latest');
  const isLink = (() => {
    try {
      return lstatSync(latest).isSymbolicLink();
    } catch {
      return null;
    }
  })();
  if (isLink === false) rmSync(latest, { recursive: true, force: true }); // a copy left by an earlier version
  const temporary = join(out, `.latest-${process.pid}`);
  try {
    rmSync(temporary, { force: true });
    symlinkSync(runId, temporary, 'dir');
    renameSync(temporary, latest);
  } catch {
    rmSync(temporary, { force: true });
    rmSync(latest, { recursive: true, force: true });
    cpSync(join(out, runId), latest, { recursive: true });
  }
}
