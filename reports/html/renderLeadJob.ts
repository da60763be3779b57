import type { Rule } from '../../rules/Rule.ts';
import type { LeadContext } from '../loadLeadContext.ts';
import type { RunReport } from '../loadRunReport.ts';
import { LeadsJsonWriter } from '../LeadsJsonWriter.ts';
import { parseReportLead, type RawReportLead } from '../parseReportLead.ts';
import { markdownSections } from '../renderMarkdown.ts';
import { renderLeadPageFile, type RenderedPage } from './renderLeadPageFile.ts';

/** A run of consecutive ranked leads to render: the first is ranked `firstRank` (0-based). */
export interface LeadJob {
  leads: RawReportLead[];
  firstRank: number;
  /** The hashes of these leads' pages already on disk, by lead id. */
  previous: Record<string, string>;
}

/** What a job gives back, in the leads' order: the pages (to write where they changed), the leads' leads.json text, their Markdown (the first `markdownLeads` of the run only). */
export interface LeadJobResult {
  pages: RenderedPage[];
  json: string[];
  markdown: string[];
}

export interface LeadJobSetting {
  report: RunReport;
  rules: ReadonlyMap<string, Rule>;
  html: string;
  /** Leads the Markdown report details. */
  markdownLeads: number;
}

/**
 * Everything a report does with each lead's evidence, for a few consecutive leads: parse and
 * mask it (parseReportLead.ts), render the lead's page, and render its text for leads.json and
 * leads.md; the caller writes them, in rank order. Runs on a worker thread (leadPageWorker.ts)
 * or, for a small report, on the caller's: the main thread then only reads DuckDB and appends text.
 */
export function renderLeadJob(job: LeadJob, context: LeadContext, setting: LeadJobSetting): LeadJobResult {
  const result: LeadJobResult = { pages: [], json: [], markdown: [] };
  job.leads.forEach((raw, index) => {
    const lead = parseReportLead(raw);
    const rank = job.firstRank + index;
    result.pages.push(renderLeadPageFile(lead, setting.report, context, setting.rules, setting.html, job.previous[lead.lead_id]));
    result.json.push(LeadsJsonWriter.leadText(lead));
    if (rank < setting.markdownLeads) {
      result.markdown.push(markdownSections.escape(markdownSections.lead(lead, rank, setting.report.companies).join('\n')));
    }
  });
  return result;
}
