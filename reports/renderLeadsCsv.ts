import type { RunReport } from './loadRunReport.ts';

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
 * Every lead of the report (this scan's, then the inactive ones) as CSV for other systems:
 * UTF-8 with a byte-order mark so Excel opens the Chinese correctly, lists joined with `;`.
 *
 * @example writeFileSync('leads.csv', renderLeadsCsv(report));
 */
export function renderLeadsCsv(report: RunReport): string {
  const lines = [columns.join(',')];
  for (const lead of [...report.leads, ...report.inactiveLeads]) {
    const row: Record<(typeof columns)[number], unknown> = {
      ...lead,
      active: lead.last_seen_run === report.run.run_id,
      company_names: lead.company_ids.map((id) => report.companies[id] ?? ''),
    };
    lines.push(columns.map((column) => cell(row[column])).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
