/**
 * Generates E4's case files: E4 judges a buyer against the market's spread of concentration, so
 * each case needs a market of ordinary buyers beside the few it is about. Every tender has one
 * valid bid that wins at its price; they differ only in buyer, agency, winner and price. Edit this
 * file, then run `npx tsx rules/procedure/E4-buyer-concentration/cases/generateCases.ts`;
 * test/rules.generatedCases.test.ts fails while a case file differs from what this writes.
 */
import type { RuleCase } from '../../../../test/support/runRuleCase.ts';
import type { GeneratedCases } from '../../../../test/support/writeGeneratedCases.ts';
import { writeGeneratedCases } from '../../../../test/support/writeGeneratedCases.ts';

/** One awarded tender: its buyer, its agency (none when the buyer tendered itself), winner and price. */
interface Award {
  buyer: string;
  agency: string | null;
  winner: string;
  price: number;
}

interface MarketStyle {
  item: string;
  names: { buyer: string; supplier: string; agency: string };
  ceilingOf: (price: number) => number;
}

/** Buyers' awards as lines `B01: AG2 S30 50 | …`, each award `agency winner price-in-10,000-yuan`. */
function parseAwards(table: string): Award[] {
  return table
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      const [buyer, awards] = line.split(':').map((part) => part.trim());
      return awards!.split('|').map((award) => {
        const [agency, winner, price] = award.trim().split(/\s+/);
        return { buyer: buyer!, agency: agency!, winner: winner!, price: Number(price) * 10_000 };
      });
    });
}

/** The records of a market: tenders numbered T001… in order, companies in order of first appearance. */
function marketRecords(awards: Award[], style: MarketStyle): RuleCase['records'] {
  const companies = new Map<string, string>();
  const name = (id: string, suffix: string) => companies.has(id) || companies.set(id, `${id}${suffix}`);
  const tenders = awards.map((award, i) => {
    const id = `T${String(i + 1).padStart(3, '0')}`;
    name(award.buyer, style.names.buyer);
    name(award.winner, style.names.supplier);
    if (award.agency) name(award.agency, style.names.agency);
    return {
      tender: {
        id,
        title: `${award.buyer}${style.item}${i + 1}`,
        buyer_id: award.buyer,
        ...(award.agency ? { agency_id: award.agency } : {}),
        method: 'open',
        category: 'goods',
        ceiling_price: style.ceilingOf(award.price),
        announced_at: '2024-03-01T09:00:00+08:00',
        bid_deadline: '2024-03-25T09:00:00+08:00',
      },
      bid: { id: `${id}-b1`, tender_id: id, bidder_id: award.winner, price: award.price, status: 'valid' },
      award: { id: `${id}-A`, tender_id: id, winner_id: award.winner, price: award.price, decided_at: '2024-03-30T10:00:00+08:00' },
    };
  });
  return {
    companies: [...companies].map(([id, companyName]) => ({ id, name: companyName })),
    tenders: tenders.map((t) => t.tender),
    bids: tenders.map((t) => t.bid),
    awards: tenders.map((t) => t.award),
  };
}

const officeSupplies: MarketStyle = {
  item: '办公设备采购',
  names: { buyer: '采购单位', supplier: '科技有限公司', agency: '招标代理有限公司' },
  ceilingOf: (price) => Math.round(price * 1.1),
};

/** Eight ordinary buyers: six tenders each, awards spread over many suppliers, two to four agencies in turn. */
const ordinaryBuyers = `
B01: AG2 S30 50 | AG3 S35 40 | AG1 S14 40 | AG2 S33 40 | AG3 S42 50 | AG1 S12 40
B02: AG3 S37 70 | AG4 S14 50 | AG1 S15 70 | AG2 S13 40 | AG3 S24 40 | AG4 S46 70
B03: AG2 S13 50 | AG1 S12 50 | AG2 S28 70 | AG1 S19 40 | AG2 S46 60 | AG1 S45 50
B04: AG2 S16 50 | AG3 S33 40 | AG1 S45 40 | AG2 S46 40 | AG3 S49 50 | AG1 S41 70
B05: AG2 S59 60 | AG3 S39 70 | AG4 S33 60 | AG1 S25 50 | AG2 S54 50 | AG3 S15 60
B06: AG1 S43 70 | AG2 S31 70 | AG1 S28 40 | AG2 S17 70 | AG1 S20 60 | AG2 S19 70
B07: AG2 S36 40 | AG3 S52 40 | AG1 S58 60 | AG2 S31 60 | AG3 S48 70 | AG1 S47 70
B08: AG1 S14 40 | AG2 S27 70 | AG3 S54 40 | AG4 S13 60 | AG1 S51 70 | AG2 S28 70
`;

/** B20: 9 of 10 awards to S01; B21: every tender through AG9. */
const concentratedBuyers = `
B20: AG1 S01 60 | AG2 S01 60 | AG1 S01 60 | AG2 S01 60 | AG1 S01 60 | AG2 S01 60 | AG1 S01 60 | AG2 S01 60 | AG1 S01 60 | AG1 S02 50
B21: AG9 S70 50 | AG9 S71 50 | AG9 S72 50 | AG9 S73 50 | AG9 S74 50 | AG9 S75 50 | AG9 S76 50
`;

/** B30: too few tenders; B31: its top supplier wins 2 of 6; B32: 3 of 5 to one supplier, not a confident majority. */
const lookalikeBuyers = `
B30: AG9 S01 60 | AG9 S01 60
B31: AG1 S05 50 | AG2 S06 50 | AG1 S05 40 | AG2 S07 52 | AG1 S08 48 | AG2 S09 51
B32: AG3 S04 90 | AG4 S04 80 | AG3 S04 85 | AG4 S11 20 | AG3 S12 15
`;

/**
 * Clinics that buy from their local distributor SBnn: of ten tenders each, the first `fromDistributor`
 * go to it, the rest to a one-off supplier named after the tender; prices cycle 30/31/32 ten thousand.
 */
function captiveMarket(): Award[] {
  const clinics: [string, number][] = [
    ['01', 6], ['02', 7], ['03', 7], ['04', 8], ['05', 8], ['06', 8], ['07', 9], ['08', 9], ['09', 10], ['10', 10], ['40', 9],
  ];
  return clinics.flatMap(([number, fromDistributor], clinic) =>
    Array.from({ length: 10 }, (_, i) => ({
      buyer: `B${number}`,
      agency: null,
      winner: i < fromDistributor ? `SB${number}` : `S${String(clinic * 10 + i + 1).padStart(3, '0')}`,
      price: (30 + (i % 3)) * 10_000,
    })),
  );
}

const medicalSupplies: MarketStyle = {
  item: '医用耗材采购',
  names: { buyer: '卫生院', supplier: '医疗器械有限公司', agency: '招标代理有限公司' },
  ceilingOf: (price) => price + 30_000,
};

const parameters = { min_market_buyers: 5 };

export function generateCases(): GeneratedCases {
  return {
    'must-flag.json': {
      description:
        'Eight ordinary buyers split their goods awards among many suppliers and rotate among two to four agencies. B20 gave 9 of its 10 awards (92 % of the value) to S01; B21 ran all 7 of its tenders through agency AG9. Both exceed the market\'s upper fence (Q3 + 1.5 IQR) and one half, with confidence (Wilson bound).',
      parameters,
      records: marketRecords(parseAwards(ordinaryBuyers + concentratedBuyers), officeSupplies),
      expect: [
        { case_key: 'buyer:B20', company_ids: ['B20', 'S01'], tender_ids: ['T049', 'T050', 'T051', 'T052', 'T053', 'T054', 'T055', 'T056', 'T057'] },
        { case_key: 'buyer:B21', company_ids: ['AG9', 'B21'], tender_ids: ['T059', 'T060', 'T061', 'T062', 'T063', 'T064', 'T065'] },
      ],
    },
    'near-miss.json': {
      description:
        'Lookalikes: B30 has only two tenders, both won by S01 through AG9 (too few to show a pattern); B31\'s top supplier S05 won 2 of 6 (31 % of the value); B32\'s top supplier won 3 of 5 tenders, 88 % of the value, but 3 of 5 is not a confident majority (Wilson lower bound 0.24 < 0.5).',
      parameters,
      records: marketRecords(parseAwards(ordinaryBuyers + lookalikeBuyers), officeSupplies),
      expect: [],
    },
    'near-miss-captive-market.json': {
      description:
        'Market calibration: in this region every clinic buys most of its supplies from one local distributor (6 to 10 of 10 awards). B40 gives 9 of 10 awards to its distributor: well over one half, but ordinary for this market (upper fence of the size-adjusted shares ≈ 100 %), so not flagged.',
      parameters,
      records: marketRecords(captiveMarket(), medicalSupplies),
      expect: [],
    },
  };
}

writeGeneratedCases(import.meta.url, generateCases);
