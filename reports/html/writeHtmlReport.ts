import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules as registry } from '../../rules/registry.ts';
import type { Rule } from '../../rules/Rule.ts';
import type { LeadContext } from '../loadLeadContext.ts';
import type { RunReport } from '../loadRunReport.ts';
import { leadFile } from './markup.ts';
import { renderIndexPage } from './renderIndexPage.ts';
import { renderLeadPage } from './renderLeadPage.ts';

/**
 * Writes the static HTML report into `<folder>/html/`: `index.html` and `leads/<lead id>.html`.
 * Every page carries its own CSS and JS and links only to its neighbours, so the folder opens
 * from disk (file://) with no server and no network. Returns the index's path.
 */
export function writeHtmlReport(report: RunReport, context: LeadContext, folder: string, rules: readonly Rule[] = registry): string {
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  const html = join(folder, 'html');
  rmSync(html, { recursive: true, force: true });
  mkdirSync(join(html, 'leads'), { recursive: true });
  for (const lead of report.leads) {
    writeFileSync(join(html, 'leads', leadFile(lead.lead_id)), renderLeadPage({ lead, report, context, rules: ruleById }));
  }
  const index = join(html, 'index.html');
  writeFileSync(index, renderIndexPage(report, context, ruleById));
  return index;
}
