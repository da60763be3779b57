import type { Rule } from '../../rules/Rule.ts';
import type { LeadContext } from '../loadLeadContext.ts';
import type { ReportFlag, ReportLead, RunReport } from '../loadRunReport.ts';
import { bi, esc, num } from './markup.ts';
import { label } from './labels.ts';
import { renderPage } from './renderPage.ts';
import { renderRecordTable } from './renderRecordTable.ts';
import { renderLeadPictures } from './renderLeadPictures.ts';
import { defaultMaskPolicy, type MaskPolicy } from '../maskSensitive.ts';
import { leadScore, BREADTH_WEIGHT_PER_DOUBLING } from '../../leads/leadScore.ts';
import { citeSeeds } from './citeSeeds.ts';
import { factLabel } from './factLabel.ts';
import { labels } from './labels.ts';
import { renderCaseSummary } from './renderCaseSummary.ts';

export interface LeadPageInput {
  lead: ReportLead;
  report: RunReport;
  context: LeadContext;
  rules: ReadonlyMap<string, Rule>;
  /** What the reader may not see in full (the desk: per role and per audited "show"). */
  mask?: MaskPolicy;
  /** Replaces the review history and its command-line hint (the desk's review form and audit trail). */
  reviewSection?: string;
  /** Wraps the body into a page (the desk's own frame); default: a static report page. */
  frame?: (title: string, body: string) => string;
}

/**
 * One lead's page: what it is about in plain Chinese, its score and why, its pictures, every
 * hit with its evidence tables, the legal basis of each rule, the record ids to check at the
 * source, and its review history. Written as `html/leads/<lead id>.html`.
 */
export function renderLeadPage({ lead, report, context, rules, mask = defaultMaskPolicy, reviewSection, frame }: LeadPageInput): string {
  const name = (id: string) => report.companies[id] ?? context.companies.get(id) ?? id;
  const ruleTitle = (flag: ReportFlag) => rules.get(flag.rule_id)?.title ?? { zh: flag.rule_id, en: flag.rule_id };
  const [familyZh, familyEn] = label('family', lead.family);
  const [statusZh, statusEn] = label('status', lead.status);

  const body = `
<p class="muted small"><span class="ids">${esc(lead.lead_id)}</span> · ${bi('扫描', 'scan')} <span class="ids">${esc(report.run.run_id)}</span></p>
<h1>${esc(lead.title)}</h1>
<p>
  <span class="badge">${bi(esc(familyZh), esc(familyEn))}</span>
  <span class="badge status-${esc(lead.status)}" data-status="${esc(lead.status)}">${bi(esc(statusZh), esc(statusEn))}</span>
  ${lead.is_new ? `<span class="badge new">${bi('本次新增', 'new this scan')}</span>` : ''}
  ${lead.active ? '' : `<span class="badge">${bi('本次未再出现', 'not seen this scan')}</span>`}
  ${bi('综合分值', 'Score')} <span class="score">${lead.score.toFixed(3)}</span>
</p>
<div class="notice">${bi('以下均为疑似问题线索，是进一步核查的理由，不是定性结论。', 'These are suspicions that warrant checking, not findings.')}</div>

<h2>${bi('线索概要', 'Summary')}</h2>
${renderCaseSummary(lead, context, name, ruleTitle)}
${renderSummary(lead, name, ruleTitle)}

<h2>${bi('分值及理由', 'Score and why')}</h2>
${renderScore(lead, ruleTitle)}

<h2>${bi('核查状态', 'Review')}</h2>
${reviewSection ?? renderReview(lead)}

${renderLeadPictures(lead, context)}

<h2>${bi(`规则命中及证据（${lead.flags.length} 条）`, `Hits and evidence (${lead.flags.length})`)}</h2>
<p class="muted small no-print">${bi('每条命中默认折叠，点击标题展开证据；打印时全部展开。', 'Each hit is folded; click its title for the evidence. Printing unfolds all.')}</p>
${lead.flags.map((flag, index) => renderHit(flag, index, rules, mask, name)).join('\n')}

<h2>${bi('法律依据', 'Legal basis')}</h2>
${renderLegalBasis(lead, rules)}

<h2>${bi('涉及对象及记录编号', 'Parties and record ids')}</h2>
${renderParties(lead, name, context)}
`;
  const title = `${lead.lead_id} ${lead.title}`;
  return frame ? frame(title, body) : renderPage({ title, indexHref: '../index.html', body });
}

function renderSummary(lead: ReportLead, name: (id: string) => string, ruleTitle: (flag: ReportFlag) => { zh: string; en: string }): string {
  const companies = lead.company_ids.slice(0, 6).map(name).join('、') + (lead.company_ids.length > 6 ? ` 等 ${lead.company_ids.length} 家` : '');
  const rulesHit = [...new Map(lead.flags.map((f) => [f.rule_id, `${f.detection} ${ruleTitle(f).zh}`])).values()];
  const sentence = `本线索由 ${lead.flags.length} 条规则命中组成，涉及 ${lead.detections.length} 个检测项（${rulesHit.join('；')}）；`
    + `涉及企业/单位 ${lead.company_ids.length} 家（${companies || '—'}）、标段 ${lead.tender_ids.length} 个、项目 ${lead.project_codes.length} 个`
    + `${lead.person_ids.length > 0 ? `、人员 ${lead.person_ids.length} 名（化名编号）` : ''}。`
    + `首次发现于扫描 ${lead.first_seen_run}，最近一次发现于 ${lead.last_seen_run}。`;
  const sentenceEn = `${lead.flags.length} rule hits over ${lead.detections.length} detections (${lead.detections.join(', ')}); `
    + `${lead.company_ids.length} companies, ${lead.tender_ids.length} tenders, ${lead.project_codes.length} projects. First seen ${lead.first_seen_run}, last seen ${lead.last_seen_run}.`;
  const seen = new Set<string>();
  const findings = lead.flags.filter((f) => !seen.has(f.evidence.summary_zh) && seen.add(f.evidence.summary_zh)).slice(0, 12);
  const items = findings.map((f) => `<li>${bi(esc(f.evidence.summary_zh), esc(f.evidence.summary_en ?? f.evidence.summary_zh))}</li>`);
  const rest = lead.flags.length - findings.length;
  return `<p>${bi(esc(sentence), esc(sentenceEn))}</p><ul>${items.join('')}</ul>${rest > 0 ? `<p class="muted small">${bi(`其余 ${rest} 条命中见下文证据部分。`, `${rest} more hits below.`)}</p>` : ''}`;
}

function renderScore(lead: ReportLead, ruleTitle: (flag: ReportFlag) => { zh: string; en: string }): string {
  const best = new Map<string, { flag: ReportFlag; hits: number }>();
  for (const flag of lead.flags) {
    const entry = best.get(flag.detection);
    if (!entry) best.set(flag.detection, { flag, hits: 1 });
    else best.set(flag.detection, { flag: flag.score > entry.flag.score ? flag : entry.flag, hits: entry.hits + 1 });
  }
  const rows = [...best.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, { flag, hits }]) =>
    `<tr><td>${esc(code)}</td><td>${bi(esc(ruleTitle(flag).zh), esc(ruleTitle(flag).en))}</td><td class="num">${hits}</td><td class="num">${flag.score.toFixed(3)}</td><td class="ids">${esc(flag.flag_id)}</td></tr>`);
  const { score, strength, signals, breadth } = leadScore([...best.values()].map(({ flag }) => flag.score), lead.tender_ids.length);
  const terms = [...best.values()].map(({ flag }) => flag.score.toFixed(3)).join(' + ');
  return `<div class="table-wrap"><table><thead><tr><th>${bi('检测项', 'Detection')}</th><th>${bi('规则', 'Rule')}</th><th>${bi('命中数', 'Hits')}</th><th>${bi('最强命中分值', 'Strongest hit')}</th><th>${bi('最强命中编号', 'Hit id')}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>
<p>${bi('证据强度', 'Evidence strength')} = ${terms || '0'}${breadth > 0 ? ` + ${BREADTH_WEIGHT_PER_DOUBLING} × log₂(${lead.tender_ids.length})` : ''} = ${strength.toFixed(2)}（${bi(`独立信号 ${signals.toFixed(2)}，范围 ${breadth.toFixed(2)}`, `signals ${signals.toFixed(2)}, breadth ${breadth.toFixed(2)}`)}）；
${bi('综合分值', 'Score')} = ${bi('强度', 'strength')} / (${bi('强度', 'strength')} + 1) = <span class="score">${score.toFixed(3)}</span></p>
<p class="muted small">${bi(
    '每个检测项只取最强的一条命中，各检测项的分值相加：相互独立的法定信号（如同一台电脑编制标书，又从同一账户缴纳保证金）越多，强度越高；同一检测项的多次命中不重复累加。线索涉及的标段越多，强度略有增加（标段数每翻一番加 0.25）。强度再换算为 0–1 之间的分值：1 个满分信号约 0.5，3 个约 0.75，9 个约 0.9，因此强线索之间仍能区分先后。',
    'Each detection counts once, by its strongest hit; detections add up, so more independent statutory signals mean a stronger lead, while many hits of one detection do not. A case over more tenders gains a little (0.25 per doubling). Strength s maps to s / (s + 1): one full signal ≈ 0.5, three ≈ 0.75, nine ≈ 0.9, so strong leads still separate.',
  )}</p>`;
}

function renderReview(lead: ReportLead): string {
  const [statusZh, statusEn] = label('status', lead.status);
  const history = lead.reviews.map((r) => {
    const [zh, en] = label('status', r.status);
    return `<tr><td class="ids">${esc(r.reviewed_at)}</td><td>${esc(r.reviewer)}</td><td>${bi(esc(zh), esc(en))}</td><td class="review-note">${esc(r.note ?? '')}</td></tr>`;
  });
  const table = history.length > 0
    ? `<div class="table-wrap"><table class="reviews"><thead><tr><th>${bi('时间', 'When')}</th><th>${bi('核查人', 'Reviewer')}</th><th>${bi('状态', 'Status')}</th><th>${bi('意见', 'Note')}</th></tr></thead><tbody>${history.join('')}</tbody></table></div>`
    : `<p class="muted">${bi('尚无核查记录。', 'Not reviewed yet.')}</p>`;
  return `<p>${bi('当前状态', 'Status')}：<strong>${bi(esc(statusZh), esc(statusEn))}</strong></p>${table}
<p class="muted small no-print">${bi('登记核查意见', 'Record a review')}：<code>bidwatch review ${esc(lead.lead_id)} --status reviewing --note "…"</code></p>`;
}

/** Fact values that are vocabulary codes, by the fact's key. */
const factVocabulary: Record<string, keyof typeof labels> = {
  method: 'method', methods: 'method', category: 'category', investment_type: 'investmentType', approval_route: 'approvalRoute',
  required_decision: 'approvalKind', late_prerequisites: 'approvalKind', missing_prerequisites: 'approvalKind',
};

function factValue(key: string, value: unknown): string {
  if (typeof value === 'number') return Math.abs(value) >= 10000 ? num(value) : String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value === null || value === undefined || value === '') return '—';
  const group = factVocabulary[key];
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return group ? text.split(',').map((code) => labels[group][code]?.[0] ?? code).join('、') : text;
}

function renderHit(flag: ReportFlag, index: number, rules: ReadonlyMap<string, Rule>, mask: MaskPolicy, name: (id: string) => string): string {
  const rule = rules.get(flag.rule_id);
  const title = rule?.title ?? { zh: flag.rule_id, en: flag.rule_id };
  const evidence = flag.evidence;
  const highlight = (evidence.highlight ?? []).map(String);
  const facts = Object.entries(evidence.facts ?? {});
  const factsTable = facts.length > 0
    ? `<table class="facts"><thead><tr><th>${bi('指标', 'Fact')}</th><th>${bi('数值', 'Value')}</th></tr></thead><tbody>${facts.map(([k, v]) => `<tr><td>${bi(esc(factLabel(k)), esc(k))}</td><td${typeof v === 'number' ? ' class="num"' : ''}>${esc(factValue(k, v))}</td></tr>`).join('')}</tbody></table>`
    : '';
  const companyName = (id: string) => { const n = name(id); return n === id ? undefined : n; };
  const tables = (evidence.tables ?? []).map((t) => `<h4>${esc(t.title_zh)}</h4>${renderRecordTable(t.rows, highlight, undefined, mask, companyName)}`).join('');
  const parameters = Object.entries(evidence.parameters ?? {}).map(([k, v]) => `${esc(k)}=${esc(JSON.stringify(v))}`).join('，');
  // Collusion rules highlight what the bidders share; other rules highlight the values they judged (dates, amounts).
  const highlightLabel = flag.family === 'collusion' ? bi('共同痕迹（表中高亮）', 'Shared traces (highlighted)') : bi('关键值（表中高亮）', 'Key values (highlighted)');
  return `<section class="hit" id="hit-${index + 1}" data-rule="${esc(flag.rule_id)}"><details>
<summary><h3>${index + 1}. ${esc(flag.detection)} ${bi(esc(title.zh), esc(title.en))} <span class="muted small">${bi('分值', 'score')} ${flag.score.toFixed(3)}</span></h3></summary>
<p>${bi(esc(evidence.summary_zh), esc(evidence.summary_en ?? evidence.summary_zh))}</p>
${highlight.length > 0 ? `<p class="small">${highlightLabel}：${highlight.map((h) => `<mark>${esc(h)}</mark>`).join(' ')}</p>` : ''}
${factsTable}
${tables}
${rule ? `<div class="legal">${bi('法律依据', 'Legal basis')}：${bi(esc(rule.legalBasis.map((b) => citeSeeds(b.zh, 'zh')).join('；')), esc(rule.legalBasis.map((b) => citeSeeds(b.en, 'en')).join('; ')))}</div>` : ''}
${parameters ? `<p class="muted small">${bi('规则参数', 'Parameters')}：${parameters}</p>` : ''}
<p class="small">${bi('记录编号', 'Record ids')}：<span class="ids">${esc(flag.record_ids.join('、') || '—')}</span>　${bi('规则', 'rule')} <span class="ids">${esc(flag.rule_id)}</span>　${bi('命中编号', 'hit')} <span class="ids">${esc(flag.flag_id)}</span></p>
</details></section>`;
}

function renderLegalBasis(lead: ReportLead, rules: ReadonlyMap<string, Rule>): string {
  const ids = [...new Set(lead.flags.map((f) => f.rule_id))];
  const items = ids.map((id) => {
    const rule = rules.get(id);
    if (!rule) return `<li class="ids">${esc(id)}</li>`;
    return `<li><strong>${esc(rule.detection)} ${bi(esc(rule.title.zh), esc(rule.title.en))}</strong> <span class="muted ids">${esc(rule.id)}</span><ul>${rule.legalBasis.map((b) => `<li>${bi(esc(citeSeeds(b.zh, 'zh')), esc(citeSeeds(b.en, 'en')))}</li>`).join('')}</ul></li>`;
  });
  return `<ul>${items.join('')}</ul>`;
}

function renderParties(lead: ReportLead, name: (id: string) => string, context: LeadContext): string {
  const tender = (id: string) => context.tenders.get(id)?.title;
  const project = (code: string) => context.projects.get(code)?.name;
  const list = (ids: string[], describe: (id: string) => string | undefined) =>
    ids.length === 0 ? '—' : ids.map((id) => `<span class="ids">${esc(id)}</span>${describe(id) && describe(id) !== id ? ` ${esc(describe(id))}` : ''}`).join('；');
  const records = [...new Set(lead.flags.flatMap((f) => f.record_ids))].sort();
  return `<dl class="meta">
<dt>${bi('企业/单位', 'Companies')}</dt><dd>${list(lead.company_ids, name)}</dd>
<dt>${bi('标段', 'Tenders')}</dt><dd>${list(lead.tender_ids, tender)}</dd>
<dt>${bi('项目', 'Projects')}</dt><dd>${list(lead.project_codes, project)}</dd>
<dt>${bi('人员（化名编号）', 'Persons (pseudonymous ids)')}</dt><dd>${list(lead.person_ids, () => undefined)}</dd>
<dt>${bi('证据记录编号', 'Evidence record ids')}</dt><dd class="ids">${esc(records.join('、') || '—')}</dd>
</dl>`;
}
