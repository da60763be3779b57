import { ChangedFileWriter } from './ChangedFileWriter.ts';
import type { RunReportHeader } from './loadRunHeader.ts';
import type { ReportLead } from './loadRunReport.ts';

/** A value as `JSON.stringify(value, null, 2)` prints it `depth` levels down. */
const nested = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);

/** What `JSON.stringify({ l: [value] }, null, 2)` puts around the value. */
const LIST_PREFIX = '{\n  "l": [\n    ';
const LIST_SUFFIX = '\n  ]\n}';

/**
 * Streams leads.json lead by lead, byte for byte what `JSON.stringify(report, null, 2)` of the
 * whole RunReport gives (the file other systems read keeps its shape), while holding one lead
 * at a time: this scan's leads first (`lead`), then the inactive ones (`inactiveLead`).
 *
 * @example
 * const json = new LeadsJsonWriter('leads.json', header);
 * for (const lead of leads) json.lead(lead);
 * json.close();
 */
export class LeadsJsonWriter {
  private readonly file: ChangedFileWriter;
  private section: 'leads' | 'inactiveLeads' = 'leads';
  private inSection = 0;

  constructor(path: string, private readonly header: RunReportHeader) {
    this.file = new ChangedFileWriter(path);
    this.file.write(`{\n  "run": ${nested(header.run, 1)},\n  "previousRunId": ${JSON.stringify(header.previousRunId)},\n  "leads": `);
  }

  /** A lead's text as it stands in the file's list (rendered where the lead is, e.g. a worker thread). */
  static leadText(lead: ReportLead): string {
    // JSON.stringify indents natively what `nested(lead, 2)` re-indents with a regular expression (a tenth of the CPU of leads.json).
    const wrapped = JSON.stringify({ l: [lead] }, null, 2);
    return wrapped.slice(LIST_PREFIX.length, -LIST_SUFFIX.length);
  }

  lead(lead: ReportLead): void {
    this.leadWritten(LeadsJsonWriter.leadText(lead));
  }

  /** The next lead of this scan, as `leadText` gave it. */
  leadWritten(text: string): void {
    if (this.section !== 'leads') throw new Error('leads.json: a lead of this scan after the inactive ones');
    this.element(text);
  }

  inactiveLead(lead: Omit<ReportLead, 'flags'>): void {
    if (this.section === 'leads') this.endSection();
    this.element(nested(lead, 2));
  }

  /** Finishes the file; true when it changed. */
  close(): boolean {
    if (this.section === 'leads') this.endSection();
    this.endSection();
    this.file.write(`,\n  "companies": ${nested(this.header.companies, 1)},\n  "counts": ${nested(this.header.counts, 1)}\n}\n`);
    return this.file.close();
  }

  abort(): void {
    this.file.abort();
  }

  private element(text: string): void {
    this.file.write(`${this.inSection === 0 ? '[\n' : ',\n'}    ${text}`);
    this.inSection += 1;
  }

  private endSection(): void {
    this.file.write(this.inSection === 0 ? '[]' : '\n  ]');
    if (this.section === 'leads') this.file.write(',\n  "inactiveLeads": ');
    this.section = 'inactiveLeads';
    this.inSection = 0;
  }
}
