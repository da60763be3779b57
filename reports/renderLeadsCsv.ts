import type { ReportLead, RunReport } from './loadRunReport.ts';

const columns = [
  'lead_id', 'title', 'family', 'score', 'status', 'active', 'is_new', 'detections', 'company_ids', 'company_names',
  'tender_ids', 'project_codes', 'person_ids', 'first_seen_run', 'last_seen_run', 'review_note', 'reviewer', 'reviewed_at',
] as const;

const cell = (value: unknown): string => {
  const raw = Array.isArray(value) ? value.join(';') : value === null || value === undefined ? '' : String(value);
  // CSV injection (OWASP "CSV Injection"): a spreadsheet runs a cell starting with = + - @ (or a
  // tab or carriage return before one) as a formula — `=HYPERLINK(…)` in a company name or a
  // note would become a live link. A leading apostrophe makes it text; numbers stay numbers.
  const text = typeof value !== 'number' && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * leads.csv in parts, so writeRunReport.ts can stream it: the head (a byte-order mark so Excel
 * opens the Chinese correctly, and the column names), then one line per lead, each ending in CRLF.
 */
export const leadsCsvSections = {
  head: `\uFEFF${columns.join(',')}\r\n`,
  row(lead: Omit<ReportLead, 'flags'>, runId: string, companyNames: Record<string, string>): string {
    const row: Record<(typeof columns)[number], unknown> = {
      ...lead,
      active: lead.last_seen_run === runId,
      company_names: lead.company_ids.map((id) => companyNames[id] ?? ''),
    };
    return `${columns.map((column) => cell(row[column])).join(',')}\r\n`;
  },
};

/**
 * Every lead of the report (this scan's, then the inactive ones) as CSV for other systems:
 * UTF-8 with a byte-order mark so Excel opens the Chinese correctly, lists joined with `;`.
 *
 * @example writeFileSync('leads.csv', renderLeadsCsv(report));
 */
export function renderLeadsCsv(report: RunReport): string {
  let text = leadsCsvSections.head;
  for (const lead of [...report.leads, ...report.inactiveLeads]) text += leadsCsvSections.row(lead, report.run.run_id, report.companies);
  return text;
}
