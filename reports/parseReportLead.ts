import type { ReportFlag, ReportLead } from './loadRunReport.ts';
import { maskEvidence } from './maskEvidence.ts';
import { sensitiveNumberKey } from './maskSensitive.ts';

/** A flag as DuckDB gives it: the evidence still JSON text. */
export type RawReportFlag = Omit<ReportFlag, 'evidence'> & { evidence: string };

/** A lead with its flags' evidence still JSON text: cheap to send to a worker thread (flat strings, not object trees). */
export type RawReportLead = Omit<ReportLead, 'flags'> & { flags: RawReportFlag[] };

/**
 * Parses a lead's evidence and masks bank account and certificate numbers in it, once, so no
 * output (JSON, CSV, Markdown, HTML) can show one in full: by column name, and wherever the same
 * number recurs (the rule's sentence, the highlight list). `unmasked` keeps them (the review
 * desk only, which masks at render time).
 */
export function parseReportLead(raw: RawReportLead, unmasked = false): ReportLead {
  return {
    ...raw,
    flags: raw.flags.map((flag) => {
      const evidence = JSON.parse(flag.evidence) as ReportFlag['evidence'];
      return { ...flag, evidence: !unmasked && sensitiveNumberKey.test(flag.evidence) ? maskEvidence(evidence) : evidence };
    }),
  };
}
