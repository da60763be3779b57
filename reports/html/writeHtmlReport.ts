import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules as registry } from '../../rules/registry.ts';
import type { Rule } from '../../rules/Rule.ts';
import type { LeadContext } from '../loadLeadContext.ts';
import type { RunReport } from '../loadRunReport.ts';
import { leadFile } from './markup.ts';
import { renderIndexPage } from './renderIndexPage.ts';
import { renderLeadPage } from './renderLeadPage.ts';

/**
 * Writes the static HTML report into `<folder>/html/` for each of `folders` (the run's folder
 * and `latest/`): `index.html` and `leads/<lead id>.html`. Every page carries its own CSS and
 * JS and links only to its neighbours, so the folder opens from disk (file://) with no server
 * and no network. Each page is rendered once and written to every folder; pages of leads no
 * longer in the report are removed, nothing else is (deleting 10,000 files and copying them
 * back costs more than rendering them). Returns the index path in the first folder.
 */
export function writeHtmlReport(report: RunReport, context: LeadContext, folders: readonly string[], rules: readonly Rule[] = registry): string {
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  const targets = folders.map((folder) => join(folder, 'html'));
  const current = new Set(report.leads.map((lead) => leadFile(lead.lead_id)));
  for (const html of targets) {
    mkdirSync(join(html, 'leads'), { recursive: true });
    for (const stale of readdirSync(join(html, 'leads')).filter((name) => !current.has(name))) rmSync(join(html, 'leads', stale), { force: true });
  }
  for (const lead of report.leads) {
    const page = renderLeadPage({ lead, report, context, rules: ruleById });
    for (const html of targets) writeFileSync(join(html, 'leads', leadFile(lead.lead_id)), page);
  }
  const index = renderIndexPage(report, context, ruleById);
  for (const html of targets) writeFileSync(join(html, 'index.html'), index);
  return join(targets[0]!, 'index.html');
}
