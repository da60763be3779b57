import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { INTEGER, VARCHAR } from '@duckdb/node-api';
import type { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { z } from 'zod';
import { appendColumns } from '../../../db/appendColumns.ts';
import type { Database, SqlParams } from '../../../db/Database.ts';
import type { Rule, RuleContext, RuleHit } from '../../Rule.ts';
import { PairGraph } from './PairGraph.ts';
import { marketByDate, strongestRegimeChange, type RegimeChange, type ScreenedTender } from './regimeChange.ts';

const parameters = z.object({
  min_co_bids: z
    .number().int().min(2).default(3)
    .describe('Tenders two firms must have bid together before they are linked in the graph: fewer is coincidence in any local market (judgment); also keeps the graph small on a million bids.'),
  min_jaccard: z
    .number().min(0).max(1).default(0.2)
    .describe('Co-bids / (tenders either bids in) a link needs: normalises for busy firms that meet everyone (judgment; honest pairs on the generated market stay mostly below 0.1).'),
  louvain_resolution: z
    .number().min(0.1).max(10).default(0.5)
    .describe('Louvain modularity resolution (graphology-communities-louvain default 1): higher gives smaller communities.'),
  seed: z
    .number().int().default(20240601)
    .describe('Seed of the random generator Louvain uses: the same data gives the same rings and ring ids on every run.'),
  min_members_per_tender: z
    .number().int().min(2).default(3)
    .describe('Members that must bid in a tender for it to count as one of the ring\'s tenders (three bidders is the legal minimum of a valid tender, BL Art. 28).'),
  member_share: z
    .number().min(0).max(1).default(0.4)
    .describe('…and at least this share of the ring\'s members (rings drop a member now and then, judgment).'),
  min_member_presence: z
    .number().min(0).max(1).default(0.35)
    .describe('A community member is a core member when it bids in at least this share of the ring\'s tenders; loosely attached firms are dropped (judgment).'),
  min_member_own_focus: z
    .number().min(0).max(1).default(0.4)
    .describe('A core member must place at least this share of its own bids in the ring\'s tenders; busy honest firms that often meet members of a loose ring bid mostly elsewhere (generated rings ≥ 0.6 per member; judgment).'),
  min_ring_size: z
    .number().int().min(2).default(3)
    .describe('Core members a ring needs (issue: rings of 3 to 8 firms).'),
  max_ring_size: z
    .number().int().min(3).default(12)
    .describe('Core members a ring may have: a group of more firms that keeps meeting and always wins is a designated-bidder pool (指名競争入札) or a small local market rather than a ring rotating wins among itself; the planted rings have 3–12 members. On the labelled Japanese market the loosened thresholds found three such groups of 15–19 firms, none of their tenders collusive (judgment; bigger rings are left to the price screens).'),
  min_ring_tenders: z
    .number().int().min(2).default(5)
    .describe('Tenders the ring must have bid in together: a pattern needs repetition (judgment).'),
  min_group_win_share: z
    .number().min(0).max(1).default(0.85)
    .describe('Share of the ring\'s awarded tenders a member must win: a ring rarely loses to outsiders (OECD 2009 guidelines: bid rotation, cover bidding). Small honest local markets on the generated demo reached 0.70–0.83 (judgment).'),
  min_member_focus: z
    .number().min(0).max(1).default(0.6)
    .describe('Mean share of the members\' bids placed in the ring\'s tenders: honest firms spread their bids over many competitors (judgment; honest local clusters on the generated demo 0.52–0.67, planted rings ≥ 0.89).'),
  min_rotation_evenness: z
    .number().min(0).max(1).default(0.6)
    .describe('Normalised entropy of the wins among the members that win (1 = perfectly even): rotation spreads wins evenly (OECD 2009, bid rotation).'),
  max_loser_win_rate: z
    .number().min(0).max(1).default(0.05)
    .describe('A persistent loser (陪标) wins at most this share of all its bids…'),
  min_loser_bids: z
    .number().int().min(1).default(5)
    .describe('…over at least this many bids in the ring\'s tenders (judgment).'),
  min_signals: z
    .number().int().min(1).max(3).default(1)
    .describe('Behavioural signals needed besides co-bidding and the group\'s win share: rotation, persistent losers, losers paid as the winner\'s subcontractor (Reg 39; judgment).'),
  regime_min_firm_tenders: z
    .number().int().min(2).default(5)
    .describe('Regime path: tenders a firm must have bid in to be a node of the market-wide co-bidding graph (fewer gives no pattern; judgment).'),
  regime_min_lift: z
    .number().min(0).default(1)
    .describe('Regime path: a pair is linked when it met more often than chance, co-bids / (n_a · n_b / tenders) above this; weight log(lift) (Conley & Decarolis 2016: a bidding group enters together more than independent firms would).'),
  regime_louvain_resolution: z
    .number().min(0.1).max(10).default(1)
    .describe('Regime path: Louvain resolution of the market-wide graph (graphology-communities-louvain default 1; the groups are market segments, wide cartels included, not small rings).'),
  regime_min_member_bid_share: z
    .number().min(0).max(1).default(0.5)
    .describe('Regime path: a tender is held by a group when its members make up at least this share of the bidders (and at least min_members_per_tender bid): the group decides it among itself (judgment: a majority).'),
  min_screen_bids: z
    .number().int().min(3).default(4)
    .describe('Regime path: valid bids a tender needs for its coefficient of variation to count (Imhof 2017 and Huber & Imhof 2019 compute screens on tenders with at least 4 bids).'),
  regime_min_tenders: z
    .number().int().min(3).default(10)
    .describe('Regime path: held tenders each regime (before and after the break) needs: a mean of fewer is noise (judgment; with 10 a side the standard error of a mean percentile is about 0.09).'),
  regime_trim: z
    .number().min(0).max(0.45).default(0.15)
    .describe('Regime path: each regime also holds at least this share of the group\'s tenders, so the break is looked for in the middle of the sample (Andrews 1993: 15 % trimming, which his critical values and the p-value of regime_family_alpha assume).'),
  regime_min_excess: z
    .number().min(0).max(1).default(0.15)
    .describe('Regime path: how much more the group\'s mean dispersion suspicion (1 − CV percentile) changes at the break than the rest of the market\'s at the same date (judgment: 0.15 of the percentile scale; the labelled Japanese cartel 0.21–0.23, a market-wide reform 0).'),
  regime_min_own_change: z
    .number().min(0).max(1).default(0.2)
    .describe('Regime path: the group\'s own mean dispersion suspicion must differ between the regimes by at least this: the group itself changed, not only the market around it (a group that stayed where it was while a reform moved everyone else is not a break in its behaviour; judgment: a fifth of the percentile scale, the labelled Japanese cartel 0.46).'),
  regime_family_alpha: z
    .number().gt(0).max(1).default(0.05)
    .describe('Regime path: chance of one false break among all the groups tested: a group is flagged when the p-value of its break (Andrews 1993 sup-Wald over the break date, tail approximation of Estrella 2003) is at most this divided by the number of groups tested (Bonferroni), so a market of many groups does not find breaks by chance (5 %: the conventional level).'),
});

type Parameters = z.infer<typeof parameters>;

// The package is CommonJS: under NodeNext the default import is its module object or the function itself.
type Louvain = typeof louvainModule.default;
const louvain: Louvain = (louvainModule as unknown as { default?: Louvain }).default ?? (louvainModule as unknown as Louvain);

const coBidsSql = readFileSync(new URL('./coBids.sql', import.meta.url), 'utf8');
const pairsSql = readFileSync(new URL('./pairs.sql', import.meta.url), 'utf8');
const ringStatsSql = readFileSync(new URL('./ringStats.sql', import.meta.url), 'utf8');
const marketPairsSql = readFileSync(new URL('./marketPairs.sql', import.meta.url), 'utf8');
const regimeTendersSql = readFileSync(new URL('./regimeTenders.sql', import.meta.url), 'utf8');
const regimeMembersSql = readFileSync(new URL('./regimeMembers.sql', import.meta.url), 'utf8');

interface Member {
  bidder_id: string;
  name: string | null;
  n_tenders: number;
  n_wins: number;
  ring_bids: number;
  ring_wins: number;
}
interface RingTender {
  tender_id: string;
  title: string | null;
  deadline: string | null;
  buyer_id: string;
  n_bids: number;
  members_bidding: number;
  winner_id: string | null;
  member_won: boolean;
  award_price: number | null;
  ceiling_price: number | null;
}
interface Subcontract {
  contract_id: string;
  tender_id: string;
  supplier_id: string;
  subcontractor_id: string;
  value: number | null;
  contract_value: number;
  signed_on: string;
}
interface RingRow {
  community_id: number;
  ring_size: number;
  members: Member[];
  tenders: RingTender[];
  subcontracts: Subcontract[];
  bid_ids: string[];
  mean_screen_score: number | null;
  screened_tenders: number;
}

/** mulberry32: a small seeded generator, so Louvain's random choices repeat run after run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const num = (v: unknown) => Number(v ?? 0);

/** Normalised Shannon entropy of the win counts (1 = even); 0 with fewer than two winners. */
function evenness(wins: number[]): number {
  const positive = wins.filter((w) => w > 0);
  if (positive.length < 2) return 0;
  const total = positive.reduce((s, w) => s + w, 0);
  const entropy = -positive.reduce((s, w) => s + (w / total) * Math.log(w / total), 0);
  return entropy / Math.log(positive.length);
}

async function run(context: RuleContext, p: Parameters): Promise<RuleHit[]> {
  await context.db.run(`create or replace temp table a7_participation as
    select distinct tender_id, bidder_id from mart_bids where status <> 'withdrawn' and bidder_id is not null`);
  // Each firm's tenders and wins in the whole market, for the members' evidence of both paths.
  await context.db.run(`create or replace temp table a7_firm_totals as
    select a7_participation.bidder_id, count(*) as n_tenders, count(*) filter (where tenders.winner_id = a7_participation.bidder_id) as n_wins
    from a7_participation inner join mart_tenders as tenders using (tender_id)
    group by a7_participation.bidder_id`);
  await context.db.run(`create or replace temp table a7_co_bids as\n${coBidsSql}`, { min_co_bids: p.min_co_bids });
  return [...(await tightRings(context, p)), ...(await regimeRings(context, p))];
}

/**
 * Louvain communities of the graph of a pair query's rows (`firm_a`, `firm_b` and the column `weightColumn`, turned
 * into the edge's weight by `weightOf`), deterministic for a seed; null when the query finds no pair. The rows are
 * read chunk by chunk into a PairGraph: held as JS objects (and then as a graphology graph) the pairs of 10M bids
 * raised the scan's peak RSS from 3.42 to 4.16 GB (docs/scale.md).
 */
async function communitiesOfPairs(
  db: Database, sql: string, params: SqlParams, weightColumn: string, weightOf: (value: number) => number, resolution: number, seed: number,
): Promise<Record<string, number> | null> {
  const graph = new PairGraph();
  const result = await db.stream(sql, params);
  const names = result.columnNames();
  const [a, b, w] = ['firm_a', 'firm_b', weightColumn].map((name) => names.indexOf(name));
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const [firmA, firmB, weight] = [a!, b!, w!].map((column) => chunk!.getColumnVector(column));
    for (let row = 0; row < chunk.rowCount; row += 1) {
      graph.addPair(firmA!.getItem(row) as string, firmB!.getItem(row) as string, weightOf(num(weight!.getItem(row))));
    }
  }
  if (graph.size === 0) return null;
  return louvain(graph as unknown as UndirectedGraph, { getEdgeWeight: 'weight', resolution, rng: seededRandom(seed) });
}

/** The tight-ring path: small groups that bid together most of the time, win nearly always, rotate or keep losing. */
async function tightRings({ db, runId }: RuleContext, p: Parameters): Promise<RuleHit[]> {
  const communities = await communitiesOfPairs(db, pairsSql, { min_jaccard: p.min_jaccard }, 'jaccard', (jaccard) => jaccard, p.louvain_resolution, p.seed);
  if (communities === null) return [];
  const sizes = new Map<number, number>();
  for (const community of Object.values(communities)) sizes.set(community, (sizes.get(community) ?? 0) + 1);
  const members = Object.entries(communities).filter(([, community]) => (sizes.get(community) ?? 0) >= p.min_ring_size);
  if (members.length === 0) return [];

  await db.run('create or replace temp table a7_communities (community_id integer, bidder_id varchar)');
  await appendColumns(db, 'a7_communities', [INTEGER, VARCHAR], [members.map(([, c]) => c), members.map(([firm]) => firm)]);
  const statsParameters = {
    min_members_per_tender: p.min_members_per_tender,
    member_share: p.member_share,
    min_member_presence: p.min_member_presence,
    min_ring_size: p.min_ring_size,
    run_id: runId,
  };
  // Second pass: a busy honest firm that often meets the ring's members can look present in the ring's tenders, yet
  // places most of its bids elsewhere; a member of a loose ring (3–5 of 7 per tender) bids mostly with the ring.
  // Members below min_member_own_focus leave their community and the ring is measured again without them.
  const firstPass = await db.query<RingRow>(ringStatsSql, statsParameters);
  const strays = firstPass.flatMap((ring) =>
    ring.members.filter((m) => num(m.ring_bids) / Math.max(1, num(m.n_tenders)) < p.min_member_own_focus).map((m) => ({ community: ring.community_id, firm: m.bidder_id })),
  );
  let rings = firstPass;
  if (strays.length > 0) {
    await db.run(
      `delete from a7_communities
       where (community_id, bidder_id) in (select (s ->> '$.community')::integer, s ->> '$.firm' from (select unnest(cast(cast($strays as json) as json[])) as s))`,
      { strays: JSON.stringify(strays) },
    );
    rings = await db.query<RingRow>(ringStatsSql, statsParameters);
  }

  const hits: RuleHit[] = [];
  for (const ring of rings) {
    const tenders = ring.tenders;
    if (tenders.length < p.min_ring_tenders || ring.members.length > p.max_ring_size) continue;
    const ringMembers = ring.members.map((m) => ({ ...m, n_tenders: num(m.n_tenders), n_wins: num(m.n_wins), ring_bids: num(m.ring_bids), ring_wins: num(m.ring_wins) }));
    const memberIds = new Set(ringMembers.map((m) => m.bidder_id));
    const awarded = tenders.filter((t) => t.winner_id !== null);
    const memberWins = awarded.filter((t) => t.member_won).length;
    const groupWinShare = awarded.length > 0 ? memberWins / awarded.length : 0;
    const focus = ringMembers.reduce((s, m) => s + m.ring_bids / Math.max(1, m.n_tenders), 0) / ringMembers.length;
    const rotation = evenness(ringMembers.map((m) => m.ring_wins));
    const winners = ringMembers.filter((m) => m.ring_wins > 0);
    const losers = ringMembers.filter(
      (m) => m.ring_bids >= p.min_loser_bids && m.n_wins / Math.max(1, m.n_tenders) <= p.max_loser_win_rate && m.ring_bids / Math.max(1, m.n_tenders) >= 0.5,
    );
    const subcontracts = ring.subcontracts.filter((s) => memberIds.has(s.supplier_id) && memberIds.has(s.subcontractor_id));
    const signals = {
      rotation: winners.length >= 2 && rotation >= p.min_rotation_evenness,
      persistent_losers: losers.length > 0,
      subcontracting: subcontracts.length > 0,
    };
    const nSignals = Object.values(signals).filter(Boolean).length;
    if (groupWinShare < p.min_group_win_share || focus < p.min_member_focus || nSignals < p.min_signals) continue;

    const sortedIds = [...memberIds].sort();
    const ringId = createHash('md5').update(sortedIds.join('|')).digest('hex').slice(0, 12);
    const nameOf = new Map(ringMembers.map((m) => [m.bidder_id, m.name ?? m.bidder_id]));
    const label = (id: string | null) => (id === null ? '—' : (nameOf.get(id) ?? id));
    const first = tenders[0]?.deadline ?? '';
    const last = tenders[tenders.length - 1]?.deadline ?? '';
    const winLine = winners.map((m) => `${label(m.bidder_id)} ${m.ring_wins} 次`).join('、');
    const loserLine = losers.map((m) => `${label(m.bidder_id)} 投标 ${m.ring_bids} 次`).join('、');
    const score = Math.min(0.95, 0.55 + 0.12 * nSignals + 0.1 * Math.max(0, groupWinShare - p.min_group_win_share) / (1 - p.min_group_win_share + 1e-9));
    const summary =
      `疑似围标团伙：${ringMembers.length} 家企业在 ${first} 至 ${last} 期间共同参与 ${tenders.length} 个标段，` +
      `成员中标 ${memberWins}/${awarded.length}（外部企业中标 ${awarded.length - memberWins} 次）` +
      (signals.rotation ? `，中标人在成员间轮换（${winLine}；均匀度 ${rotation.toFixed(2)}）` : winners.length ? `，成员中标：${winLine}` : '') +
      (losers.length ? `，${losers.length} 家成员长期陪标几乎从未中标（${loserLine}）` : '') +
      (subcontracts.length ? `，陪标成员事后 ${subcontracts.length} 次成为中标成员的分包单位` : '') +
      (ring.mean_screen_score !== null ? `，团伙标段价格筛查平均得分 ${ring.mean_screen_score.toFixed(2)}` : '') +
      '（条例第三十九条）。';
    hits.push({
      tender_id: null,
      tender_ids: tenders.map((t) => t.tender_id),
      company_ids: sortedIds,
      record_ids: [...ring.bid_ids, ...subcontracts.map((s) => s.contract_id)],
      score,
      case_key: `ring:${ringId}`,
      evidence: {
        summary_zh: summary,
        summary_en: `Suspected bidding ring ring:${ringId}: ${ringMembers.length} firms bid together in ${tenders.length} tenders (${first} – ${last}); members won ${memberWins} of ${awarded.length}; rotation evenness ${rotation.toFixed(2)}; ${losers.length} persistent loser(s); ${subcontracts.length} subcontract(s) to losing members.`,
        facts: {
          ring_id: `ring:${ringId}`,
          members: ringMembers.length,
          ring_tenders: tenders.length,
          first_tender: first,
          last_tender: last,
          member_wins: memberWins,
          awarded_tenders: awarded.length,
          group_win_share: Number(groupWinShare.toFixed(3)),
          threshold_min_group_win_share: p.min_group_win_share,
          member_focus: Number(focus.toFixed(3)),
          threshold_min_member_focus: p.min_member_focus,
          distinct_winners: winners.length,
          rotation_evenness: Number(rotation.toFixed(3)),
          threshold_min_rotation_evenness: p.min_rotation_evenness,
          persistent_losers: losers.length,
          threshold_max_loser_win_rate: p.max_loser_win_rate,
          subcontracts_to_members: subcontracts.length,
          signals: Object.entries(signals).filter(([, on]) => on).map(([name]) => name).join(','),
          threshold_min_signals: p.min_signals,
          mean_screen_score: ring.mean_screen_score === null ? null : Number(ring.mean_screen_score.toFixed(3)),
          screened_tenders: num(ring.screened_tenders),
        },
        tables: [
          {
            title_zh: '团伙成员',
            rows: ringMembers.map((m) => ({
              企业: m.name ?? m.bidder_id,
              统一社会信用代码: m.bidder_id,
              投标总次数: m.n_tenders,
              团伙标段投标: m.ring_bids,
              团伙标段中标: m.ring_wins,
              全部中标: m.n_wins,
              团伙标段占比: `${Math.round((m.ring_bids / Math.max(1, m.n_tenders)) * 100)}%`,
              角色: losers.includes(m) ? '长期陪标' : m.ring_wins > 0 ? '轮流中标' : '陪标',
            })),
          },
          {
            title_zh: '团伙共同投标的标段（按开标时间）',
            rows: tenders.map((t) => ({
              开标日期: t.deadline,
              标段: t.tender_id,
              名称: t.title,
              招标人: t.buyer_id,
              投标人数: num(t.n_bids),
              成员投标数: num(t.members_bidding),
              中标人: label(t.winner_id),
              中标人是否成员: t.winner_id === null ? '未定标' : t.member_won ? '是' : '否',
              '中标价(元)': t.award_price,
              占最高限价: t.award_price !== null && t.ceiling_price ? `${((t.award_price / t.ceiling_price) * 100).toFixed(2)}%` : null,
            })),
          },
          ...(subcontracts.length
            ? [{
                title_zh: '陪标成员事后成为中标成员的分包单位',
                rows: subcontracts.map((s) => ({
                  合同: s.contract_id,
                  标段: s.tender_id,
                  签订日期: s.signed_on,
                  中标人: label(s.supplier_id),
                  分包单位: label(s.subcontractor_id),
                  '分包金额(元)': s.value,
                  '合同金额(元)': s.contract_value,
                })),
              }]
            : []),
        ],
        highlight: sortedIds,
      },
    });
  }
  return hits;
}

/** A screened tender of regimeTenders.sql with its bids' coefficient of variation, for the evidence. */
interface ScreenedTenderWithCv extends ScreenedTender {
  cv: number;
}
interface RegimeMemberRow {
  community_id: number;
  members: { bidder_id: string; name: string | null; n_tenders: number; n_wins: number; regime_bids: number; regime_wins: number }[];
  tenders: { tender_id: string; deadline: string | null; n_bids: number; members_bidding: number; winner_id: string | null; member_won: boolean; award_price: number | null; ceiling_price: number | null }[];
  bid_ids: string[];
}

/**
 * The regime path: groups of the market-wide co-bidding graph (pairs that meet more than chance) that hold tenders
 * among themselves, whose bids sat close together in one period and spread out in the other, more than the rest of
 * the market's did at the same date (regimeChange.ts). A wide cartel (a hundred firms sharing out a segment of
 * public works, a few of them in each tender) does not look like a tight ring, but its collapse shows in its prices.
 */
async function regimeRings({ db }: RuleContext, p: Parameters): Promise<RuleHit[]> {
  // log(lift): a pair meeting twice as often as chance weighs as much as one meeting half as often repels.
  const communities = await communitiesOfPairs(
    db,
    marketPairsSql,
    { regime_min_firm_tenders: p.regime_min_firm_tenders, regime_min_lift: p.regime_min_lift },
    'lift',
    (lift) => Math.max(1e-6, Math.log(lift)),
    p.regime_louvain_resolution,
    p.seed,
  );
  if (communities === null) return [];
  const assigned = Object.entries(communities);
  await db.run('create or replace temp table a7_groups (community_id integer, bidder_id varchar)');
  await appendColumns(db, 'a7_groups', [INTEGER, VARCHAR], [assigned.map(([, c]) => c), assigned.map(([firm]) => firm)]);
  // Streamed: one row per screened tender of the market (a million at 10M bids), kept only as the tenders below.
  const market = new Map<string, ScreenedTenderWithCv>();
  const byGroup = new Map<number, ScreenedTenderWithCv[]>();
  const result = await db.stream(regimeTendersSql, {
    min_screen_bids: p.min_screen_bids,
    min_members_per_tender: p.min_members_per_tender,
    regime_min_member_bid_share: p.regime_min_member_bid_share,
  });
  const names = result.columnNames();
  const columns = (['community_id', 'tender_id', 'tender_date', 'suspicion', 'cv'] as const).map((name) => names.indexOf(name));
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const [communityIds, tenderIds, dates, suspicions, cvs] = columns.map((column) => chunk!.getColumnVector(column));
    for (let row = 0; row < chunk.rowCount; row += 1) {
      const tenderId = tenderIds!.getItem(row) as string;
      const tender = { tender_id: tenderId, date: dates!.getItem(row) as string, suspicion: num(suspicions!.getItem(row)), cv: num(cvs!.getItem(row)) };
      market.set(tenderId, tender);
      const community = communityIds!.getItem(row) as number | null;
      if (community === null) continue;
      const groupTenders = byGroup.get(community);
      if (groupTenders) groupTenders.push(tender);
      else byGroup.set(community, [tender]);
    }
  }
  const marketTenders = marketByDate([...market.values()]);
  const tested = [...byGroup.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([community, tenders]) => ({ community, change: strongestRegimeChange(tenders, marketTenders, p.regime_min_tenders, p.regime_trim) }))
    .filter((group): group is { community: number; change: RegimeChange } => group.change !== null);
  const maxPValue = p.regime_family_alpha / Math.max(1, tested.length);
  const changes = tested.filter(
    ({ change }) => change.excess_change >= p.regime_min_excess && change.collusive_mean - change.competitive_mean >= p.regime_min_own_change && change.p_value <= maxPValue,
  );
  if (changes.length === 0) return [];

  await db.run('create or replace temp table a7_regime_tenders (community_id integer, tender_id varchar)');
  const flagged = changes.flatMap(({ community, change }) => change.collusive_tenders.map((t) => [community, t.tender_id] as const));
  await appendColumns(db, 'a7_regime_tenders', [INTEGER, VARCHAR], [flagged.map(([c]) => c), flagged.map(([, t]) => t)]);
  const details = new Map((await db.query<RegimeMemberRow>(regimeMembersSql)).map((row) => [row.community_id, row]));

  const cvOf = (tenderId: string) => market.get(tenderId)?.cv ?? 0;
  const hits: RuleHit[] = [];
  for (const { community, change } of changes) {
    const detail = details.get(community);
    if (!detail) continue;
    const members = detail.members
      .map((m) => ({ ...m, n_tenders: num(m.n_tenders), n_wins: num(m.n_wins), regime_bids: num(m.regime_bids), regime_wins: num(m.regime_wins) }))
      .sort((a, b) => b.regime_bids - a.regime_bids || a.bidder_id.localeCompare(b.bidder_id));
    const memberIds = members.map((m) => m.bidder_id).sort();
    const groupId = createHash('md5').update(memberIds.join('|')).digest('hex').slice(0, 12);
    const nameOf = new Map(members.map((m) => [m.bidder_id, m.name ?? m.bidder_id]));
    const tenders = detail.tenders;
    const awarded = tenders.filter((t) => t.winner_id !== null);
    const memberWins = awarded.filter((t) => t.member_won).length;
    const winners = new Set(awarded.filter((t) => t.member_won).map((t) => t.winner_id)).size;
    const first = change.collusive_tenders[0]!.date.slice(0, 10);
    const last = change.collusive_tenders[change.collusive_tenders.length - 1]!.date.slice(0, 10);
    const split = change.split_date.slice(0, 10);
    const collapse = change.collusive_side === 'before';
    // Stronger evidence ranks higher: 0.6 at the threshold, +0.05 per tenfold smaller p-value, at most 0.85.
    const score = Math.min(0.85, 0.6 + 0.05 * Math.log10(maxPValue / Math.max(change.p_value, 1e-300)));
    const medianCv = (ts: ScreenedTender[]) => {
      const values = ts.map((t) => cvOf(t.tender_id)).sort((a, b) => a - b);
      return values[Math.floor(values.length / 2)] ?? 0;
    };
    const summary =
      `疑似围标团伙（价格结构突变）：${members.length} 家经常共同投标的企业在 ${first} 至 ${last} 期间包揽 ${change.collusive_tenders.length} 个标段` +
      `（成员占投标人 ≥ ${Math.round(p.regime_min_member_bid_share * 100)}%，成员中标 ${memberWins}/${awarded.length}，${winners} 家成员轮流中标），` +
      `其报价离散度${collapse ? `在 ${split} 之后` : `在 ${split} 之前`}明显更大：团伙标段报价变异系数中位数 ${medianCv(change.collusive_tenders).toFixed(4)}` +
      ` 对 ${medianCv(change.competitive_tenders).toFixed(4)}，离散度可疑分位均值 ${change.collusive_mean.toFixed(2)} 对 ${change.competitive_mean.toFixed(2)}，` +
      `同期其他标段 ${change.market_collusive_side_mean.toFixed(2)} 对 ${change.market_competitive_side_mean.toFixed(2)}（超出 ${change.excess_change.toFixed(2)}，t = ${change.t_statistic.toFixed(1)}，p = ${change.p_value.toPrecision(2)}，检验 ${tested.length} 个团伙后的阈值 ${maxPValue.toPrecision(2)}）` +
      `——${collapse ? '团伙瓦解后报价恢复竞争' : '团伙形成后报价趋同'}，与串通投标（条例第三十九条）相符。`;
    hits.push({
      tender_id: null,
      tender_ids: change.collusive_tenders.map((t) => t.tender_id),
      company_ids: memberIds,
      record_ids: detail.bid_ids,
      score,
      case_key: `ring:${groupId}`,
      evidence: {
        summary_zh: summary,
        summary_en:
          `Suspected bidding ring ring:${groupId} (regime change): ${members.length} firms that meet more than chance held ${change.collusive_tenders.length} tenders (${first} – ${last}); ` +
          `their bids' dispersion suspicion was ${change.collusive_mean.toFixed(2)} ${collapse ? 'before' : 'from'} ${split} and ${change.competitive_mean.toFixed(2)} ${collapse ? 'after' : 'before'}, ` +
          `the rest of the market ${change.market_collusive_side_mean.toFixed(2)} and ${change.market_competitive_side_mean.toFixed(2)} (excess ${change.excess_change.toFixed(2)}, t ${change.t_statistic.toFixed(1)}, p ${change.p_value.toPrecision(2)} ≤ ${maxPValue.toPrecision(2)} = ${p.regime_family_alpha} / ${tested.length} groups tested).`,
        facts: {
          ring_id: `ring:${groupId}`,
          path: 'regime_change',
          members: members.length,
          ring_tenders: change.collusive_tenders.length,
          first_tender: first,
          last_tender: last,
          split_date: split,
          collusive_side: change.collusive_side,
          competitive_tenders: change.competitive_tenders.length,
          member_wins: memberWins,
          awarded_tenders: awarded.length,
          distinct_member_winners: winners,
          collusive_mean_suspicion: Number(change.collusive_mean.toFixed(3)),
          competitive_mean_suspicion: Number(change.competitive_mean.toFixed(3)),
          collusive_median_cv: Number(medianCv(change.collusive_tenders).toFixed(5)),
          competitive_median_cv: Number(medianCv(change.competitive_tenders).toFixed(5)),
          market_collusive_side_mean_suspicion: Number(change.market_collusive_side_mean.toFixed(3)),
          market_competitive_side_mean_suspicion: Number(change.market_competitive_side_mean.toFixed(3)),
          market_tenders: change.market_tenders,
          excess_change: Number(change.excess_change.toFixed(3)),
          threshold_regime_min_excess: p.regime_min_excess,
          own_change: Number((change.collusive_mean - change.competitive_mean).toFixed(3)),
          threshold_regime_min_own_change: p.regime_min_own_change,
          t_statistic: Number(change.t_statistic.toFixed(2)),
          p_value: Number(change.p_value.toPrecision(3)),
          groups_tested: tested.length,
          threshold_max_p_value: Number(maxPValue.toPrecision(3)),
          threshold_regime_family_alpha: p.regime_family_alpha,
          effective_trim: Number(change.effective_trim.toFixed(3)),
          threshold_regime_min_tenders: p.regime_min_tenders,
          threshold_regime_min_member_bid_share: p.regime_min_member_bid_share,
        },
        tables: [
          {
            title_zh: '团伙成员（按团伙标段投标次数）',
            rows: members.map((m) => ({
              企业: m.name ?? m.bidder_id,
              统一社会信用代码: m.bidder_id,
              投标总次数: m.n_tenders,
              团伙标段投标: m.regime_bids,
              团伙标段中标: m.regime_wins,
              全部中标: m.n_wins,
            })),
          },
          {
            title_zh: '团伙包揽的标段（按开标时间）',
            rows: tenders.map((t) => ({
              开标日期: t.deadline,
              标段: t.tender_id,
              投标人数: num(t.n_bids),
              成员投标数: num(t.members_bidding),
              报价变异系数: Number(cvOf(t.tender_id).toFixed(5)),
              中标人: t.winner_id === null ? '—' : (nameOf.get(t.winner_id) ?? t.winner_id),
              中标人是否成员: t.winner_id === null ? '未定标' : t.member_won ? '是' : '否',
              '中标价(元)': t.award_price,
              占最高限价: t.award_price !== null && t.ceiling_price ? `${((t.award_price / t.ceiling_price) * 100).toFixed(2)}%` : null,
            })),
          },
        ],
        highlight: memberIds,
      },
    });
  }
  return hits;
}

/** A7: bidding rings in the co-bidding graph (Louvain communities with rotation, cover bidders and subcontracts). */
export const rule: Rule<typeof parameters> = {
  id: 'A7-bidding-rings',
  detection: 'A7',
  family: 'collusion',
  title: { zh: '疑似围标团伙（共同投标网络中的轮流中标与长期陪标）', en: 'Bidding rings in the co-bidding graph' },
  legalBasis: [
    {
      zh: '《招标投标法实施条例》第三十九条：投标人之间协商投标报价等投标文件的实质性内容；约定中标人；约定部分投标人放弃投标或者中标；为谋取中标或者排斥特定投标人而采取的其他联合行动，属于投标人相互串通投标。',
      en: 'Bidding Law Regulations Art. 39(1)–(3): bidders agreeing on prices, on who wins, or on some bidders abstaining or losing are colluding.',
    },
    {
      zh: 'OECD《公共采购中打击围标串标指南》(2009)：轮流中标、陪标（掩护性投标）、中标后将部分工程分包给落标人等典型模式。',
      en: 'OECD Guidelines for Fighting Bid Rigging in Public Procurement (2009): bid rotation, cover bidding, subcontracts to losing bidders.',
    },
  ],
  parameters,
  evaluate: { kind: 'code', run },
  folder: new URL('./', import.meta.url),
  kind: 'statistical',
  after: ['A5-price-screens'],
  reads: {
    mart_bids: ['tender_id', 'bid_id', 'bidder_id', 'is_winner', 'status', 'price'],
    mart_tenders: ['tender_id', 'buyer_id', 'winner_id', 'bid_deadline', 'n_bids', 'award_price', 'ceiling_price'],
    mart_contracts: ['contract_id', 'tender_id', 'supplier_id'],
    stg_contract_subcontracts: ['contract_id', 'subcontractor_id'],
    stg_companies: ['company_id', 'name'],
    tender_screens: ['run_id', 'tender_id', 'score'],
  },
  coverage: {
    candidates: 'mart_bids',
    unit: 'tender',
    inputs: [
      { name: 'bids with their bidders', present: 'bidder_id is not null' },
    ],
  },
};
