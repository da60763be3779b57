import { cpSync, lstatSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../db/Database.ts';
import { loadRunHeader } from './loadRunHeader.ts';
import { loadLeadContext } from './loadLeadContext.ts';
import { narrowLeadContextSources, type NarrowedLeadContext } from './narrowLeadContextSources.ts';
import { DEFAULT_LEAD_BATCH, readRawLeadBatches } from './readRawLeadBatches.ts';
import { readInactiveLeadBatches } from './readInactiveLeadBatches.ts';
import { markdownSections } from './renderMarkdown.ts';
import { leadsCsvSections } from './renderLeadsCsv.ts';
import { ChangedFileWriter } from './ChangedFileWriter.ts';
import { LeadsJsonWriter } from './LeadsJsonWriter.ts';
import { HtmlReportWriter } from './html/HtmlReportWriter.ts';
import { LeadPagePool } from './html/LeadPagePool.ts';
import { withCompactHeaps } from './withCompactHeaps.ts';
import type { LeadJobResult } from './html/renderLeadJob.ts';

export interface WriteRunReportOptions {
  /** Leads read from the database per batch at most (default 2500, readRawLeadBatches.ts): the report holds about two batches. */
  batchSize?: number;
  /** About how many bytes of evidence and picture records a batch holds at most (default 48 MB, readRawLeadBatches.ts). */
  batchBytes?: number;
  /** Worker threads for the lead pages (default: one per core, for runs of `parallelFrom` leads or more). */
  threads?: number;
  /**
   * Runs smaller than this render on one thread (default 20,000): measured on 2 cores, 50,000 leads
   * took 37 s with 2 workers against 64 s on one thread, while 10,000 leads were as fast or faster
   * on one thread (the workers' start, copies and extra heaps cost about what they save).
   */
  parallelFrom?: number;
  /** Leads per index page (default 200). */
  pageSize?: number;
}

/** Leads the Markdown report details (the rest are in leads.json and leads.csv). */
const MARKDOWN_LEADS = 200;

/**
 * Writes one scan's reports into `<out>/<run id>/` — leads.json, leads.csv, leads.md and the
 * static HTML report in html/ (open html/index.html from disk) — and points `<out>/latest/` at
 * them, so the nightly job's newest report has a fixed path. Returns the run folder.
 *
 * The leads stream from the database in batches, ranked, with their flags and the records their
 * pictures draw (loadLeadContext.ts); each batch goes to every output before the next is read,
 * so memory holds a batch or two, not the run (50,000 leads' evidence is gigabytes of text). The
 * lead pages render on worker threads (HtmlReportWriter.ts); reports/README.md has the profile
 * behind these choices.
 *
 * `latest` is a symbolic link to the run folder, swapped atomically: copying a 10,000-lead
 * report (and deleting yesterday's copy) every night costs more than writing it. Where links
 * are not allowed (Windows without developer mode) it falls back to a copy.
 *
 * @example
 * const folder = await writeRunReport(db, summary.runId, 'reports/out');
 */
export function writeRunReport(db: Database, runId: string, out: string, options: WriteRunReportOptions = {}): Promise<string> {
  // A report's threads allocate and drop a batch at a time: their heaps are kept near what they hold (withCompactHeaps.ts).
  return withCompactHeaps(() => writeReportFolder(db, runId, out, options));
}

async function writeReportFolder(db: Database, runId: string, out: string, options: WriteRunReportOptions): Promise<string> {
  const header = await loadRunHeader(db, runId);
  const folder = join(out, runId);
  mkdirSync(folder, { recursive: true });
  const parallel = header.leadCount >= (options.parallelFrom ?? 20_000);
  const threads = options.threads ?? (parallel ? LeadPagePool.defaultThreads() : 0);
  const json = new LeadsJsonWriter(join(folder, 'leads.json'), header);
  const csv = new ChangedFileWriter(join(folder, 'leads.csv'));
  const markdown = new ChangedFileWriter(join(folder, 'leads.md'));
  const html = new HtmlReportWriter(folder, header, { threads, pageSize: options.pageSize, markdownLeads: MARKDOWN_LEADS });
  // The jobs' results in rank order: their leads.json and leads.md text is written as they come.
  const pending: Promise<LeadJobResult>[] = [];
  const writeNext = async () => {
    const result = await pending.shift()!;
    for (const text of result.json) json.leadWritten(text);
    for (const text of result.markdown) markdown.write(`\n${text}`);
  };
  // More than one batch: the context views are narrowed to the run's leads once, not scanned per batch.
  let narrowed: NarrowedLeadContext | null = null;
  try {
    if (header.leadCount > (options.batchSize ?? DEFAULT_LEAD_BATCH)) narrowed = await narrowLeadContextSources(db, runId);
    csv.write(leadsCsvSections.head);
    markdown.write(markdownSections.escape(markdownSections.head(header).join('\n')));
    let rank = 0;
    for await (const leads of readRawLeadBatches(db, header, { batchSize: options.batchSize, batchBytes: options.batchBytes })) {
      const context = await loadLeadContext(db, leads, undefined, runId, narrowed?.sources);
      for (const lead of leads) csv.write(leadsCsvSections.row(lead, runId, header.companies));
      const jobs = html.addLeads(leads, context, rank);
      rank += leads.length;
      // Bounded memory: the next batch is read while the workers render this one, and no further.
      while (pending.length > 0) await writeNext();
      pending.push(...jobs);
    }
    while (pending.length > 0) await writeNext();
    for await (const leads of readInactiveLeadBatches(db, header, { batchSize: options.batchSize })) {
      for (const lead of leads) {
        json.inactiveLead(lead);
        csv.write(leadsCsvSections.row(lead, runId, header.companies));
      }
      html.addInactiveLeads(leads);
    }
    const tail = markdownSections.tail(header.leadCount, MARKDOWN_LEADS);
    if (tail.length > 0) markdown.write(`\n${markdownSections.escape(tail.join('\n'))}`);
    await html.finish();
  } catch (error) {
    for (const file of [json, csv, markdown]) file.abort();
    await html.abort();
    throw error;
  } finally {
    await narrowed?.drop();
  }
  json.close();
  csv.close();
  markdown.close();
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
