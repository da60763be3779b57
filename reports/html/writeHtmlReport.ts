import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules as registry } from '../../rules/registry.ts';
import type { Rule } from '../../rules/Rule.ts';
import type { LeadContext } from '../loadLeadContext.ts';
import type { RunReport } from '../loadRunReport.ts';
import { leadFile } from './markup.ts';
import { renderIndexPage } from './renderIndexPage.ts';
import { renderLeadPage } from './renderLeadPage.ts';

const MANIFEST = '.manifest.json';

/**
 * Writes the static HTML report into `<folder>/html/`: `index.html` and `leads/<lead id>.html`.
 * Every page carries its own CSS and JS and links only to its neighbours, so the folder opens
 * from disk (file://) with no server and no network. Returns the index's path.
 *
 * Re-rendering a folder (after a review) rewrites only the pages whose text changed, known by
 * the hashes kept in `html/.manifest.json`, and removes the pages of leads no longer listed:
 * one review changes two files out of ten thousand, and on some disks rewriting a file costs
 * far more than rendering it.
 */
export function writeHtmlReport(report: RunReport, context: LeadContext, folder: string, rules: readonly Rule[] = registry): string {
  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  const html = join(folder, 'html');
  mkdirSync(join(html, 'leads'), { recursive: true });
  const previous = readManifest(html);
  const next: Record<string, string> = {};
  const write = (relative: string, text: string) => {
    const hash = createHash('sha1').update(text).digest('base64');
    next[relative] = hash;
    if (previous[relative] !== hash || !existsSync(join(html, relative))) writeFileSync(join(html, relative), text);
  };
  const current = new Set(report.leads.map((lead) => leadFile(lead.lead_id)));
  for (const stale of readdirSync(join(html, 'leads')).filter((name) => !current.has(name))) rmSync(join(html, 'leads', stale), { force: true });
  for (const lead of report.leads) write(`leads/${leadFile(lead.lead_id)}`, renderLeadPage({ lead, report, context, rules: ruleById }));
  write('index.html', renderIndexPage(report, context, ruleById));
  writeFileSync(join(html, MANIFEST), JSON.stringify(next));
  return join(html, 'index.html');
}

function readManifest(html: string): Record<string, string> {
  try {
    return JSON.parse(readFileSync(join(html, MANIFEST), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}
