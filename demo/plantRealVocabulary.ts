/**
 * Planted cases of the `real` vocabulary: the harder variants real markets show, each with ground
 * truth (see demo/README.md "Real vocabulary"). Planted after every default case, so a default
 * market's own cases are drawn the same way in both vocabularies.
 */
import type { CaseKit } from './CaseKit.ts';
import type { Company } from './World.ts';
import { dayOf, LAST_ANNOUNCE } from './calendar.ts';
import { WORKS_QUALS } from './nameBank.ts';
import { looksPatterned, round2, screens, type BidDraft, type Bundle } from './TenderFactory.ts';

/** Honest prices for the bids outside a pattern: no pattern of their own, screens competitive, one of them cheapest unless the ring wins. */
function honestAround(k: CaseKit, b: Bundle, pattern: BidDraft[], honest: BidDraft[], colluderWins: boolean): void {
  const r = k.rng;
  const C = b.spec.ceiling!;
  const low = Math.min(...pattern.map((x) => x.price));
  for (let attempt = 0; attempt < 200; attempt++) {
    for (const x of honest) x.price = colluderWins ? round2(low * (1 + r.uniform(0.01, 0.09))) : round2(C * r.uniform(0.84, 0.95));
    const hp = honest.map((x) => x.price);
    const sc = screens(b.bids.map((x) => x.price));
    if (!looksPatterned(hp) && (colluderWins || Math.min(...hp) < low) && (!sc || (sc.cv >= 0.018 && sc.rd < 2))) break;
  }
}

export function plantRealVocabulary(k: CaseKit, n: number, nNear: number): void {
  const r = k.rng;
  const half = Math.max(2, Math.round(n / 2));
  const quarter = Math.max(1, Math.round(n / 4));

  // ---------- A1: the upload IP is the only shared trace ----------
  for (let i = 0; i < half; i++) {
    const spec = i % 2 ? k.goodsSpec(k.buyer(), k.day(), { bidders: k.bidders(5) }) : k.worksSpec(k.buyer(), k.day(), { bidders: k.bidders(5) });
    const ip = k.world.nextIp();
    const g = k.gt('planted', ['A1'], '疑似围标：两家投标人电子投标文件上传IP相同（其他特征均不同）', 'Suspected collusion: two bidders uploaded their bid files from the same public IP (every other trace differs)');
    k.at(spec, (b) => {
      const pair = b.bids.slice(0, 2);
      for (const x of pair) {
        const m = r.pick(x.company.machines);
        x.fingerprint = { mac: m.mac, hardware_id: m.hardwareId, ip, file_creator: r.pick(x.company.creators), ca_serial: x.company.ca, doc_hash: r.hex(32) };
      }
      k.finish(b, { winner: pair[0] });
      g.addTender(b);
      g.addBids(pair);
    });
  }

  // ---------- A4: constant steps of the price-to-ceiling ratio among three of six bids ----------
  for (let i = 0; i < half; i++) {
    const spec = k.worksSpec(k.buyer(), k.day(), { bidders: 6 });
    const step = r.pick([0.003, 0.004, 0.005, 0.01]);
    const g = k.gt('planted', ['A4'], `疑似围标：6家投标人中3家报价为最高限价的固定比例，依次相差${(step * 100).toFixed(1)}%`, `Suspected collusion: three of six bids at constant steps of ${(step * 100).toFixed(1)} % of the ceiling`);
    k.at(spec, (b) => {
      const C = b.spec.ceiling!;
      const r0 = r.uniform(0.885, 0.93);
      const col = b.bids.slice(0, 3);
      col.forEach((x, j) => (x.price = Math.round(C * (r0 + j * step))));
      const wins = i % 2 === 0;
      honestAround(k, b, col, b.bids.slice(3), wins);
      k.finish(b, { winner: wins ? col[0] : b.bids.slice(3).reduce((a, x) => (x.price < a.price ? x : a)), evalMode: 'lowest' });
      g.addTender(b, { award: wins, contract: wins });
      g.addBids(col);
    });
  }

  // ---------- A4: a staircase of round hundreds touched up by a few dozen yuan (visible after rounding) ----------
  for (let i = 0; i < half; i++) {
    const spec = k.worksSpec(k.buyer(), k.day(), { bidders: 6 });
    const g = k.gt('planted', ['A4'], '疑似围标：4家投标人报价取整到百元后呈等差数列（公差为整千元）', 'Suspected collusion: four bids form a progression with a round step once rounded to 100 yuan');
    k.at(spec, (b) => {
      const C = b.spec.ceiling!;
      const d = Math.max(2000, Math.round((C * r.uniform(0.003, 0.008)) / 1000) * 1000);
      const p0 = Math.round((C * r.uniform(0.89, 0.93)) / 100) * 100;
      const col = b.bids.slice(0, 4);
      col.forEach((x, j) => (x.price = p0 + j * d + r.int(-45, 45) + (r.chance(0.5) ? round2(r.uniform(0, 0.99)) : 0)));
      const wins = i % 2 === 1;
      honestAround(k, b, col, b.bids.slice(4), wins);
      k.finish(b, { winner: wins ? col[0] : b.bids.slice(4).reduce((a, x) => (x.price < a.price ? x : a)), evalMode: 'lowest' });
      g.addTender(b, { award: wins, contract: wins });
      g.addBids(col);
    });
  }

  // ---------- A7: a looser ring (3–5 of 7 members per tender) ----------
  for (let i = 0; i < quarter; i++) plantLooseRing(k, false);
  // Near-miss: the same loose shape where outsiders win every other tender (competitors who often meet).
  for (let i = 0; i < Math.max(1, Math.round(nNear / 3)); i++) plantLooseRing(k, true);

  // ---------- E4: a mid-size buyer, 9 of 13 awards to one supplier ----------
  for (let i = 0; i < quarter; i++) {
    const B = k.dedicatedBuyer(r.pick(['gov', 'institution'] as const));
    const S = k.dedicatedFirm('goods', { city: B.city });
    const count = 13;
    const g = k.gt('planted', ['E4'], `疑似利益输送：中等规模采购人${count}个标段中9个授予同一供应商`, `Suspected favouritism: a mid-size buyer gave 9 of its ${count} awards to one supplier`);
    g.add('company_ids', B.id, S.id);
    const start = k.day(dayOf('2022-02-01'), dayOf('2023-06-30'));
    const days = Array.from({ length: count }, () => start + r.int(0, Math.min(1000, LAST_ANNOUNCE - 10 - start))).sort((a, b) => a - b);
    const wins = new Set(r.sample([...Array(count).keys()], 9));
    days.forEach((day, t) => {
      k.at(k.goodsSpec(B, day, { forced: [S] }), (b) => {
        const sWins = wins.has(t);
        k.finish(b, sWins ? { winner: k.bidOf(b, S) } : { winner: b.bids.find((x) => x.company !== S) });
        if (sWins) g.addTender(b);
      });
    });
  }

  // Near-miss: a buyer with nine tenders, six won by its favourite local supplier (too few to be a pattern).
  for (let i = 0; i < Math.max(1, Math.round(nNear / 3)); i++) {
    const B = k.dedicatedBuyer('institution');
    const S = k.dedicatedFirm('goods', { city: B.city });
    const g = k.gt('near_miss', ['E4'], '非异常：采购人9个标段中6个由同一本地供应商中标（样本过小，不构成集中）', 'Not a flag: a buyer gave 6 of its 9 awards to one local supplier (too few to show a pattern)');
    g.add('company_ids', B.id, S.id);
    const start = k.day(dayOf('2022-02-01'), dayOf('2023-06-30'));
    const days = Array.from({ length: 9 }, () => start + r.int(0, Math.min(1000, LAST_ANNOUNCE - 10 - start))).sort((a, b) => a - b);
    const wins = new Set(r.sample([...Array(9).keys()], 6));
    days.forEach((day, t) => {
      k.at(k.goodsSpec(B, day, { forced: [S] }), (b) => {
        const sWins = wins.has(t);
        k.finish(b, sWins ? { winner: k.bidOf(b, S) } : { winner: b.bids.find((x) => x.company !== S) });
        g.addTender(b, { award: false, contract: false });
      });
    });
  }

  // ---------- B4: the type held at a lower grade than the stated one ----------
  for (let i = 0; i < half; i++) {
    const qual = i % 2 ? WORKS_QUALS.市政 : WORKS_QUALS.房建;
    const Y = k.dedicatedWorks({ qual });
    Y.quals[0]!.grade = '三级';
    const stronger = (k.pools.worksByQual.get(qual) ?? []).filter((c) => !c.reserved && c.quals.some((q) => q.type === qual && (q.grade === '一级' || q.grade === '二级')));
    const others = r.sample(stronger, Math.min(4, stronger.length));
    const spec = k.worksSpec(k.buyer(), k.day(), { qual, forced: [Y, ...others], bidders: 5 });
    spec.requiredGrade = '二级';
    const g = k.gt('planted', ['B4'], '疑似超越资质等级投标：招标要求二级及以上资质，投标人仅持三级资质', 'Suspected bid beyond its grade: the tender states grade 2 or above; the bidder holds grade 3');
    g.add('company_ids', Y.id);
    k.at(spec, (b) => {
      const by = k.bidOf(b, Y);
      const wins = i % 2 === 0;
      k.finish(b, wins ? { winner: by } : { winner: b.bids.find((x) => x !== by) });
      g.addTender(b, { award: wins, contract: wins });
      g.addBids([by]);
    });
  }
  // Near-miss: a consortium whose builder holds the type and whose partner (a design firm) holds none: members pool.
  for (let i = 0; i < nNear; i++) {
    const X = k.worksFirm(WORKS_QUALS.房建);
    const D = r.pick(k.pools.services.get('设计') ?? []);
    const spec = k.worksSpec(k.buyer(), k.day(), { forced: [X], bidders: k.bidders(5) });
    spec.consortiumClause = 'accepted';
    const g = k.gt('near_miss', ['B4'], '合规：联合体投标，牵头人具备施工总承包资质，设计单位成员按分工承担设计', 'Lawful: a consortium whose lead holds the works qualification and whose design partner does its share');
    g.add('company_ids', X.id, D.id);
    k.at(spec, (b) => {
      const bx = k.bidOf(b, X);
      bx.consortium = [D.id];
      k.finish(b, { winner: bx });
      g.addTender(b);
      g.addBids([bx]);
    });
  }
}

/**
 * Seven dedicated firms of one city; each tender three to five of them bid (winner in turn), one never wins.
 * `nearMiss`: outsiders win every other tender instead (a loose local cluster, not a ring).
 */
function plantLooseRing(k: CaseKit, nearMiss: boolean): void {
  const r = k.rng;
  const size = 7;
  const nTenders = r.int(14, 22);
  const city = k.city();
  const qual = WORKS_QUALS.房建;
  const members: Company[] = Array.from({ length: size }, () => k.dedicatedWorks({ qual, city, pms: 6 }));
  // members[0] never wins: the persistent loser (陪标).
  const rotating = members.slice(1);
  const g = nearMiss
    ? k.gt('near_miss', ['A7'], `非围标：${size}家本地企业常在同一标段相遇（每次3至5家），但一半标段由外部企业中标`, `Not a ring: ${size} local firms often meet (three to five per tender) but outsiders win every other tender`)
    : k.gt(
        'planted',
        ['A7'],
        `疑似围标团伙（松散型）：${size}家企业在${nTenders}个标段中每次3至5家共同投标，中标人轮换，1家长期陪标`,
        `Suspected loose bidding ring: ${size} firms, three to five of them in each of ${nTenders} tenders, rotating winners, one persistent loser`,
      );
  for (const m of members) g.add('company_ids', m.id);
  const start = k.day(dayOf('2022-03-01'), dayOf('2024-03-31'));
  const span = Math.min(LAST_ANNOUNCE - 30 - start, r.int(420, 900));
  const days = Array.from({ length: nTenders }, () => start + r.int(0, span)).sort((a, b) => a - b);
  const order = r.shuffle(rotating.slice());
  const buyers = Array.from({ length: r.int(2, 4) }, () => k.buyer(city));
  days.forEach((day, t) => {
    const winnerCo = order[t % order.length]!;
    const present = r.int(3, 5);
    const rest = r.sample(members.filter((m) => m !== winnerCo), present - 1);
    const forced = [winnerCo, ...rest];
    const spec = k.worksSpec(r.pick(buyers), day, { qual, forced, bidders: forced.length + r.int(1, 2) });
    k.at(spec, (b) => {
      const C = b.spec.ceiling!;
      const outsiderWins = nearMiss && t % 2 === 0;
      const w = outsiderWins ? b.bids.find((x) => !members.includes(x.company))! : k.bidOf(b, winnerCo);
      // Covers less tight than a classic ring: competitive-looking prices, the winner cheapest.
      const prices = k.factory.cleanPrices('works', C, b.bids.length, r).sort((a, c) => a - c);
      w.price = prices[0]!;
      r.shuffle(b.bids.filter((x) => x !== w)).forEach((x, j) => (x.price = prices[j + 1]!));
      k.finish(b, { winner: w, evalMode: 'lowest', subcontracts: false });
      g.addTender(b, nearMiss ? { award: false, contract: false } : undefined);
      g.addBids(b.bids.filter((x) => members.includes(x.company)), false);
    });
  });
}
