import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Rule } from '../../rules/Rule.ts';
import type { LeadContext } from '../loadLeadContext.ts';
import type { ReportLead, RunReport } from '../loadRunReport.ts';
import { leadFile } from './markup.ts';
import { renderLeadPage } from './renderLeadPage.ts';

/** A rendered lead page: its path under html/, the hash of its text (for `.manifest.json`), and its UTF-8 bytes when the file must be (re)written. */
export interface RenderedPage {
  page: string;
  hash: string;
  bytes: Uint8Array | null;
}

const utf8 = new TextEncoder();

/**
 * Renders one lead's page, `leads/<lead id>.html` under `html`, and says whether the file on
 * disk must change: not when the manifest's hash says it already holds this text (one review
 * changes two pages out of ten thousand, and on some disks rewriting a file costs far more than
 * rendering it). The bytes have a buffer of their own, so a worker thread can hand them over
 * without a copy; the main thread has them written (HtmlReportWriter.ts): two threads writing many
 * small files at once were slower here than one.
 */
export function renderLeadPageFile(
  lead: ReportLead,
  report: RunReport,
  context: LeadContext,
  rules: ReadonlyMap<string, Rule>,
  html: string,
  previousHash: string | undefined,
): RenderedPage {
  const page = `leads/${leadFile(lead.lead_id)}`;
  const text = renderLeadPage({ lead, report, context, rules });
  // Encoded once: hashing the string would encode it to UTF-8 a second time (500 MB of pages at 1M bids).
  const bytes = utf8.encode(text);
  const hash = createHash('sha1').update(bytes).digest('base64');
  const unchanged = previousHash === hash && existsSync(join(html, page));
  return { page, hash, bytes: unchanged ? null : bytes };
}
