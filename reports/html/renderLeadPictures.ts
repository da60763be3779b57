import type { LeadContext } from '../loadLeadContext.ts';
import type { ReportLead } from '../loadRunReport.ts';
import { bi, esc, num } from './markup.ts';
import { label } from './labels.ts';
import { renderNetworkSvg, type NetworkEdge, type NetworkNode } from './svg/renderNetworkSvg.ts';
import { renderTimelineSvg, type TimelineEvent } from './svg/renderTimelineSvg.ts';
import { renderBidsSvg } from './svg/renderBidsSvg.ts';
import { renderScreenSvg } from './svg/renderScreenSvg.ts';

const MAX_NODES = 40;
const MAX_BID_CHARTS = 6;
const MAX_TIMELINES = 3;
const gateKinds = new Set(['project_approval', 'verification', 'filing']);

/**
 * The pictures of one lead, from the records its ids point at: the co-bidding network of a
 * ring, the timeline of each project, each tender's bids against its ceiling.
 */
export function renderLeadPictures(lead: ReportLead, context: LeadContext): string {
  const sections = [renderNetwork(lead, context), renderTimelines(lead, context), renderBids(lead, context)].filter(Boolean);
  return sections.length === 0 ? '' : `<h2>${bi('图示', 'Pictures')}</h2>${sections.join('')}`;
}

const companyName = (context: LeadContext, id: string) => context.companies.get(id) ?? id;

function renderNetwork(lead: ReportLead, context: LeadContext): string {
  const tenders = lead.tender_ids.map((id) => context.tenders.get(id)).filter((t) => t !== undefined);
  const members = new Set(lead.company_ids);
  const bidders = new Set(tenders.flatMap((t) => (context.bidsByTender.get(t.tender_id) ?? []).map((b) => b.bidder_id)));
  const memberBidders = [...bidders].filter((id) => members.has(id));
  const isRing = lead.detections.includes('A7') || (lead.family === 'collusion' && memberBidders.length >= 3);
  if (!isRing) return '';
  const pairs = new Map<string, NetworkEdge>();
  const coBids = new Map<string, number>();
  for (const tender of tenders) {
    const ids = [...new Set((context.bidsByTender.get(tender.tender_id) ?? []).map((b) => b.bidder_id))].sort();
    for (let i = 0; i < ids.length; i += 1) {
      for (let j = i + 1; j < ids.length; j += 1) {
        const key = `${ids[i]}\u0000${ids[j]}`;
        const edge = pairs.get(key) ?? { source: ids[i]!, target: ids[j]!, tenders: [] };
        edge.tenders.push(tender.tender_id);
        pairs.set(key, edge);
        for (const id of [ids[i]!, ids[j]!]) if (!members.has(id)) coBids.set(id, (coBids.get(id) ?? 0) + 1);
      }
    }
  }
  // The members first, then the outsiders who bid alongside them most, up to what can be read.
  const others = [...bidders].filter((id) => !members.has(id)).sort((a, b) => (coBids.get(b) ?? 0) - (coBids.get(a) ?? 0) || a.localeCompare(b));
  const shown = new Set([...memberBidders, ...others].slice(0, MAX_NODES));
  const wins = new Map<string, string[]>();
  for (const tender of tenders) if (tender.winner_id) wins.set(tender.winner_id, [...(wins.get(tender.winner_id) ?? []), tender.tender_id]);
  const nodes: NetworkNode[] = [...shown].map((id) => ({ id, label: companyName(context, id), wins: wins.get(id)?.length ?? 0, member: members.has(id) }));
  const edges = [...pairs.values()].filter((e) => shown.has(e.source) && shown.has(e.target));
  const svg = renderNetworkSvg(nodes, edges, `线索 ${lead.lead_id} 的共同投标关系`);
  const winners = tenders.map((t) => `<tr><td class="ids">${esc(t.tender_id)}</td><td>${esc(t.title)}</td><td>${t.winner_id ? `${esc(companyName(context, t.winner_id))} <span class="muted ids">${esc(t.winner_id)}</span>` : '—'}</td><td class="num">${t.award_price != null ? num(t.award_price) : '—'}</td><td class="num">${(context.bidsByTender.get(t.tender_id) ?? []).length}</td></tr>`);
  const more = lead.tender_ids.length > tenders.length ? `<p class="muted small">${bi(`另有 ${lead.tender_ids.length - tenders.length} 个标段未绘出`, `${lead.tender_ids.length - tenders.length} more tenders not drawn`)}</p>` : '';
  return `<h3>${bi('共同投标关系网络', 'Co-bidding network')}</h3>
<figure class="picture network">${svg}<figcaption>${bi(
    `节点为企业（红色为本线索涉及企业，大小表示中标次数），连线表示两家企业共同参与同一标段投标；共 ${tenders.length} 个标段、${nodes.length} 家企业。`,
    `Nodes are companies (red: named by this lead; size: wins); an edge joins two companies that bid on the same tender. ${tenders.length} tenders, ${nodes.length} companies.`,
  )}</figcaption></figure>
<div class="table-wrap"><table><thead><tr><th>${bi('标段编号', 'Tender')}</th><th>${bi('标段名称', 'Title')}</th><th>${bi('中标人', 'Winner')}</th><th>${bi('中标价(元)', 'Award (yuan)')}</th><th>${bi('投标数', 'Bids')}</th></tr></thead><tbody>${winners.join('')}</tbody></table></div>${more}`;
}

function renderTimelines(lead: ReportLead, context: LeadContext): string {
  // Timelines show what came before what (approvals, tendering, contracts, building): the
  // question of the approval (D) and splitting (C) detections. A ring's projects have none to show.
  if (!lead.detections.some((code) => /^[CD]/.test(code))) return '';
  const projectCodes = [...new Set([...lead.project_codes, ...lead.tender_ids.map((id) => context.tenders.get(id)?.project_code).filter((c): c is string => !!c)])];
  const out: string[] = [];
  for (const code of projectCodes.slice(0, MAX_TIMELINES)) {
    const events: TimelineEvent[] = [];
    for (const approval of context.approvalsByProject.get(code) ?? []) {
      events.push({ on: approval.on, lane: 'approval', label: label('approvalKind', approval.kind)[0], id: approval.id, gate: gateKinds.has(approval.kind) });
    }
    const tenders = context.tendersByProject.get(code) ?? [];
    // A label names the record by the tail of its id (the full id is in the tooltip): 21-digit tender ids do not fit a timeline.
    const short = (id: string) => (id.length > 8 ? `…${id.slice(-6)}` : id);
    for (const t of tenders) {
      if (t.announced_at) events.push({ on: t.announced_at, lane: 'tender', label: `${short(t.tender_id)} 公告`, id: t.tender_id });
      if (t.bid_deadline) events.push({ on: t.bid_deadline, lane: 'tender', label: `${short(t.tender_id)} 截标`, id: t.tender_id });
      if (t.decided_at) events.push({ on: t.decided_at, lane: 'award', label: `${short(t.tender_id)} 定标`, id: t.tender_id });
    }
    for (const contract of context.contractsByProject.get(code) ?? []) {
      events.push({ on: contract.signed_on, lane: 'contract', label: `${short(contract.contract_id)} 签订`, id: contract.contract_id });
      if (contract.start_on) events.push({ on: contract.start_on, lane: 'construction', label: `${short(contract.contract_id)} 合同开工`, id: contract.contract_id });
    }
    for (const milestone of context.milestonesByProject.get(code) ?? []) {
      events.push({ on: milestone.on, lane: 'construction', label: label('milestoneKind', milestone.kind)[0], id: milestone.id });
    }
    if (events.length < 2) continue;
    const project = context.projects.get(code);
    const title = `项目 ${code}${project ? `（${project.name}）` : ''} 时间线`;
    out.push(`<h3>${esc(title)}</h3><figure class="picture timeline">${renderTimelineSvg(events, title)}<figcaption>${bi(
      '绿色虚线为立项（可研）/核准/备案批复日期：其左侧的招标、合同、开工均早于批复。',
      'Dashed green line: the project approval; tendering, contracting or building left of it came before approval.',
    )}</figcaption></figure>`);
  }
  return out.join('');
}

function renderBids(lead: ReportLead, context: LeadContext): string {
  const members = new Set(lead.company_ids);
  const hitsByTender = new Map<string, number>();
  for (const flag of lead.flags) for (const id of flag.tender_ids) hitsByTender.set(id, (hitsByTender.get(id) ?? 0) + 1);
  const tenders = lead.tender_ids
    .map((id) => context.tenders.get(id))
    .filter((t) => t !== undefined && (context.bidsByTender.get(t.tender_id) ?? []).length > 0)
    .sort((a, b) => (hitsByTender.get(b!.tender_id) ?? 0) - (hitsByTender.get(a!.tender_id) ?? 0) || a!.tender_id.localeCompare(b!.tender_id));
  const out = tenders.slice(0, MAX_BID_CHARTS).map((tender) => {
    const bids = (context.bidsByTender.get(tender!.tender_id) ?? []).map((bid) => ({
      bid_id: bid.bid_id,
      label: bid.bidder_name ?? bid.bidder_id,
      price: bid.price,
      valid: bid.status === 'valid',
      winner: bid.is_winner,
      member: members.has(bid.bidder_id),
    }));
    const title = `标段 ${tender!.tender_id}（${tender!.title}）各投标报价与最高限价`;
    return `<h3>${esc(title)}</h3><figure class="picture bids">${renderBidsSvg(bids, tender!.ceiling_price, title)}<figcaption>${bi(
      '按报价由低到高排列；★ 为中标人，空心为无效投标，红色为本线索涉及企业，红色虚线为最高投标限价。',
      'Bids from lowest to highest; ★ winner, hollow: invalid, red: companies named by this lead, dashed red: the ceiling price.',
    )}</figcaption></figure>${renderScreen(tender!.tender_id, context)}`;
  });
  if (tenders.length > MAX_BID_CHARTS) out.push(`<p class="muted small">${bi(`另有 ${tenders.length - MAX_BID_CHARTS} 个标段的报价图未绘出`, `${tenders.length - MAX_BID_CHARTS} more tenders not drawn`)}</p>`);
  return out.join('');
}

function renderScreen(tenderId: string, context: LeadContext): string {
  const screen = context.screenByTender.get(tenderId);
  const histogram = screen?.market ? context.screenHistogramByMarket.get(screen.market) : undefined;
  const screened = histogram?.reduce((sum, n) => sum + n, 0) ?? 0;
  if (!screen || screen.score === null || screen.market_below === null || !histogram || screened < 5) return '';
  const title = `标段 ${tenderId} 的报价离散度筛查分值在本市场（${screen.market}）中的位置`;
  return `<figure class="picture screens">${renderScreenSvg(histogram, screen.market_below, screen.score, title)}<figcaption>${bi(
    `${esc(title)}：灰色为本市场全部 ${screened} 个已筛查标段的分值分布（分值越高，报价越集中、越像串标，见检测项 A5）。`,
    `Where this tender's price-screen score sits among the ${screened} screened tenders of its market (higher: more collusion-like, detection A5).`,
  )}</figcaption></figure>`;
}
