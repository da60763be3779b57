import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../ingest/Database.ts';
import { loadRunReport } from './loadRunReport.ts';
import { renderMarkdown } from './renderMarkdown.ts';

/**
 * Writes one scan's reports into `<out>/<run id>/` (leads.json, leads.md) and mirrors them to
 * `<out>/latest/`, so the nightly job's newest report has a fixed path. Returns the run folder.
 */
export async function writeRunReport(db: Database, runId: string, out: string): Promise<string> {
  const report = await loadRunReport(db, runId);
  const folder = join(out, runId);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'leads.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(folder, 'leads.md'), renderMarkdown(report));
  const latest = join(out, 'latest');
  rmSync(latest, { recursive: true, force: true });
  cpSync(folder, latest, { recursive: true });
  return folder;
}
