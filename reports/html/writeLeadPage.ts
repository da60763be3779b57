import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rule } from '../../rules/Rule.ts';
import type { LeadContext } from '../loadLeadContext.ts';
import type { ReportLead, RunReport } from '../loadRunReport.ts';
import { leadFile } from './markup.ts';
import { renderLeadPage } from './renderLeadPage.ts';

/** A written (or kept) page: its path under html/ and the hash of its text, for `.manifest.json`. */
export interface WrittenPage {
  page: string;
  hash: string;
}

/**
 * Renders one lead's page into `<html>/leads/<lead id>.html`, unless the manifest's hash says
 * the file already holds this text (one review changes two pages out of ten thousand, and on
 * some disks rewriting a file costs far more than rendering it). Runs in the report's worker
 * threads (leadPageWorker.ts) or, for a small report, in the caller's.
 */
export function writeLeadPage(
  lead: ReportLead,
  report: RunReport,
  context: LeadContext,
  rules: ReadonlyMap<string, Rule>,
  html: string,
  previousHash: string | undefined,
): WrittenPage {
  const page = `leads/${leadFile(lead.lead_id)}`;
  const text = renderLeadPage({ lead, report, context, rules });
  const hash = createHash('sha1').update(text).digest('base64');
  if (previousHash !== hash || !existsSync(join(html, page))) writeFileSync(join(html, page), text);
  return { page, hash };
}
