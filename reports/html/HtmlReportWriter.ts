import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rules as registry } from '../../rules/registry.ts';
import type { Rule } from '../../rules/Rule.ts';
import { ChangedFileWriter } from '../ChangedFileWriter.ts';
import type { RunReportHeader } from '../loadRunHeader.ts';
import type { LeadContext } from '../loadLeadContext.ts';
import type { ReportLead, RunReport } from '../loadRunReport.ts';
import type { RawReportLead } from '../parseReportLead.ts';
import { indexFile, leadFile } from './markup.ts';
import { labels } from './labels.ts';
import { regionName } from './regionName.ts';
import { INACTIVE_LIMIT, indexRow, renderIndexPage, type IndexRow } from './renderIndexPage.ts';
import { LeadPagePool } from './LeadPagePool.ts';
import type { LeadJobResult } from './renderLeadJob.ts';

const MANIFEST = '.manifest.json';

export interface HtmlReportOptions {
  /** Leads per index page (default 200). */
  pageSize?: number;
  /** Worker threads rendering lead pages; 0 renders on the caller's thread (default: see writeRunReport.ts). */
  threads?: number;
  /** Leads per job sent to a worker (default 100): small enough to keep every worker busy to the end. */
  jobSize?: number;
  /** The rules pages cite (default: the registry's; a custom list renders on the caller's thread). */
  rules?: readonly Rule[];
  /** Leads the Markdown report details (their text comes back with the jobs' results). */
  markdownLeads: number;
}

/**
 * Writes the static HTML report into `<folder>/html/` as the leads stream in, batch by batch:
 * `leads/<lead id>.html` per lead (with the leads' JSON and Markdown text, on worker threads:
 * LeadPagePool.ts, renderLeadJob.ts), the index's pages `index.html`, `index-2.html`, …
 * (renderIndexPage.ts), every lead's index row in `index-data.js` and the filters' choices in
 * `index-meta.js`. Every page carries its own CSS
 * and JS and links only to files of the folder, so it opens from disk (file://) with no server
 * and no network. Memory holds a batch, the first index page and the filters' choices, not the run.
 *
 * Re-rendering a folder (after a review) rewrites only the files whose text changed, known by
 * the hashes kept in `html/.manifest.json`, and removes the pages of leads no longer listed.
 *
 * @example
 * const html = new HtmlReportWriter(folder, header, { markdownLeads: 200 });
 * let rank = 0;
 * for await (const leads of readRawLeadBatches(db, header)) {
 *   for (const job of html.addLeads(leads, await loadLeadContext(db, leads), rank)) await job;
 *   rank += leads.length;
 * }
 * await html.finish();
 */
export class HtmlReportWriter {
  readonly html: string;
  private readonly pageSize: number;
  private readonly jobSize: number;
  private readonly pool: LeadPagePool;
  private readonly ruleById: ReadonlyMap<string, Rule>;
  private readonly previous: Record<string, string>;
  private readonly next: Record<string, string> = {};
  private readonly pages: number;
  private readonly report: RunReport;
  private readonly data: ChangedFileWriter;
  private rows: IndexRow[] = [];
  private firstPageRows: IndexRow[] | null = null;
  private page = 1;
  private leadCount = 0;
  private readonly inactive: Omit<ReportLead, 'flags'>[] = [];
  private readonly inFlight = new Set<Promise<LeadJobResult>>();
  private readonly choices = { family: new Set<string>(), detections: new Set<string>(), regions: new Set<string>(), buyers: new Set<string>(), status: new Set<string>() };
  private readonly names: Record<string, string> = {};

  constructor(folder: string, private readonly header: RunReportHeader, options: HtmlReportOptions) {
    this.html = join(folder, 'html');
    mkdirSync(join(this.html, 'leads'), { recursive: true });
    this.pageSize = options.pageSize ?? 200;
    this.jobSize = options.jobSize ?? 100;
    this.pages = Math.max(1, Math.ceil(header.leadCount / this.pageSize));
    this.ruleById = new Map((options.rules ?? registry).map((rule) => [rule.id, rule]));
    this.previous = readManifest(this.html);
    // A lead page shows the run and the company names; it never reads the report's other leads.
    this.report = { run: header.run, previousRunId: header.previousRunId, leads: [], inactiveLeads: [], companies: header.companies, counts: header.counts };
    const threads = options.rules ? 0 : options.threads ?? 0;
    this.pool = new LeadPagePool(threads, { html: this.html, report: this.report, rules: this.ruleById, markdownLeads: options.markdownLeads });
    this.data = new ChangedFileWriter(join(this.html, 'index-data.js'));
    this.data.write('window.bidwatchLeadIndex = [');
  }

  /**
   * Adds the next batch of ranked leads (the first ranked `firstRank`, 0-based): their rows go to
   * the index, and their jobs (renderLeadJob.ts) to the workers. Returns the jobs' results in
   * rank order, for the caller to write the leads' leads.json and leads.md text; wait for some
   * before reading more, or the batches pile up in memory.
   */
  addLeads(leads: RawReportLead[], context: LeadContext, firstRank: number): Promise<LeadJobResult>[] {
    const name = (id: string) => this.header.companies[id] ?? context.companies.get(id) ?? id;
    for (const lead of leads) {
      const row = indexRow(lead, context, name);
      for (const id of row.buyers) this.names[id] = name(id);
      this.choices.family.add(row.family);
      this.choices.status.add(row.status);
      for (const code of row.detections) this.choices.detections.add(code);
      for (const code of row.regions) this.choices.regions.add(code);
      for (const id of row.buyers) this.choices.buyers.add(id);
      this.data.write(`${this.leadCount === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`);
      this.leadCount += 1;
      this.rows.push(row);
      if (this.rows.length === this.pageSize) this.endPage();
    }
    const jobs: Promise<LeadJobResult>[] = [];
    for (let start = 0; start < leads.length; start += this.jobSize) {
      const job = leads.slice(start, start + this.jobSize);
      const previous = Object.fromEntries(job.flatMap((lead) => {
        const hash = this.previous[`leads/${leadFile(lead.lead_id)}`];
        return hash ? [[lead.lead_id, hash]] : [];
      }));
      const recorded = this.pool.run({ leads: job, firstRank: firstRank + start, previous }, context).then(async (done) => {
        // Written on libuv's threads while the next job renders: creating 11,000 files is
        // seconds of system time when the disk is busy (docs/scale.md, reports).
        const writes: Promise<void>[] = [];
        for (const page of done.pages) {
          this.next[page.page] = page.hash;
          if (page.bytes) writes.push(writeFile(join(this.html, page.page), page.bytes));
          page.bytes = null;
        }
        await Promise.all(writes);
        return done;
      }).finally(() => this.inFlight.delete(recorded));
      this.inFlight.add(recorded);
      recorded.catch(() => undefined); // a job the caller no longer awaits (after another failed) must not crash the process
      jobs.push(recorded);
    }
    return jobs;
  }

  /** Adds earlier leads not seen again (after this scan's leads): the first page lists the first INACTIVE_LIMIT. */
  addInactiveLeads(leads: Omit<ReportLead, 'flags'>[]): void {
    for (const lead of leads) if (this.inactive.length < INACTIVE_LIMIT) this.inactive.push(lead);
  }

  /** Writes what waits for the whole run (the first index page, index-meta.js), removes stale pages, returns the index's path. */
  async finish(): Promise<string> {
    try {
      await Promise.all(this.inFlight);
    } finally {
      await this.pool.close();
    }
    if (this.rows.length > 0 || this.page === 1) this.endPage();
    this.write(indexFile(1), renderIndexPage({
      header: this.header, rules: this.ruleById, page: 1, pages: this.pages, pageSize: this.pageSize, rows: this.firstPageRows ?? [], inactive: this.inactive,
    }));
    this.data.write('\n];\n');
    this.data.close();
    const detections: Record<string, string> = {};
    for (const rule of this.ruleById.values()) detections[rule.detection] ??= rule.title.zh;
    const sorted = (set: Set<string>) => [...set].sort();
    const meta = {
      total: this.leadCount, pages: this.pages, pageSize: this.pageSize, labels, names: this.names, detections,
      regionNames: Object.fromEntries(sorted(this.choices.regions).map((code) => [code, regionName(code)])),
      options: {
        family: sorted(this.choices.family), detections: sorted(this.choices.detections), regions: sorted(this.choices.regions),
        buyers: sorted(this.choices.buyers), status: sorted(this.choices.status),
      },
    };
    this.write('index-meta.js', `window.bidwatchIndexMeta = ${JSON.stringify(meta)};\n`);
    this.removeStale();
    writeFileSync(join(this.html, MANIFEST), JSON.stringify(this.next));
    return join(this.html, 'index.html');
  }

  /** Stops the workers after an error; the folder keeps whatever was written. */
  async abort(): Promise<void> {
    this.data.abort();
    await this.pool.close();
  }

  private endPage(): void {
    if (this.page === 1) this.firstPageRows = this.rows; // written by finish(), with the inactive leads
    else this.write(indexFile(this.page), renderIndexPage({
      header: this.header, rules: this.ruleById, page: this.page, pages: this.pages, pageSize: this.pageSize, rows: this.rows, inactive: [],
    }));
    this.rows = [];
    this.page += 1;
  }

  private write(relative: string, text: string): void {
    const hash = createHash('sha1').update(text).digest('base64');
    this.next[relative] = hash;
    if (this.previous[relative] !== hash || !existsSync(join(this.html, relative))) writeFileSync(join(this.html, relative), text);
  }

  private removeStale(): void {
    for (const name of readdirSync(join(this.html, 'leads'))) if (!(`leads/${name}` in this.next)) rmSync(join(this.html, 'leads', name), { force: true });
    for (const name of readdirSync(this.html)) {
      if (/^index-\d+\.html$/.test(name) && !(name in this.next)) rmSync(join(this.html, name), { force: true });
    }
  }
}

function readManifest(html: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(join(html, MANIFEST), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}
