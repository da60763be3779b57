/**
 * Generates C2's case files: C2 judges a buyer against the market, so each case needs a market of
 * a few hundred contracts beside the one buyer it is about. Edit this file, then run
 * `npx tsx rules/splitting/C2-bunching-below-threshold/cases/generateCases.ts`;
 * test/rules.generatedCases.test.ts fails while a case file differs from what this writes.
 */
import type { GeneratedCases } from '../../../../test/support/writeGeneratedCases.ts';
import { writeGeneratedCases } from '../../../../test/support/writeGeneratedCases.ts';

const GOODS_THRESHOLD = 2_000_000;

/** A contracts record (records.md); a type, not an interface, so it passes as a case record. */
type Contract = {
  id: string;
  buyer_id: string;
  supplier_id: string;
  title: string;
  category: 'goods';
  value: number;
  signed_on: string;
};

const cents = (value: number) => Math.round(value * 100) / 100;
const day = (month: number, dayOfMonth: number) => `2023-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;

/**
 * 260 goods contracts of 40 other buyers and 25 suppliers, values log-uniform from 0.3 to 2 × the
 * threshold: of the 150 in the 0.5–1.5 × reference range, 22 (14.7 %) fall in the 85–100 % band.
 * Evenly spaced, not random, so the market share is the same on every run.
 */
function market(): Contract[] {
  const count = 260;
  const [low, high] = [0.3 * GOODS_THRESHOLD, 2 * GOODS_THRESHOLD];
  return Array.from({ length: count }, (_, i) => ({
    id: `m${String(i).padStart(3, '0')}`,
    buyer_id: `M${String(i % 40).padStart(2, '0')}`,
    supplier_id: `S${String(i % 25).padStart(2, '0')}`,
    title: `设备采购${i}`,
    category: 'goods',
    value: cents(low * (high / low) ** (i / (count - 1))),
    signed_on: day((i % 12) + 1, (i % 27) + 1),
  }));
}

const companies = [
  { id: 'BX', name: '某县卫生健康局' },
  { id: 'BY', name: '某县教育局' },
];

/** BX: eight batches of one medical-equipment purchase at 88–99 % of the threshold, and one ambulance. */
function bunchingBuyer(): Contract[] {
  const batches = [1_760_000, 1_800_000, 1_840_000, 1_860_000, 1_900_000, 1_920_000, 1_940_000, 1_980_000].map(
    (value, i): Contract => ({
      id: `x${i}`,
      buyer_id: 'BX',
      supplier_id: i % 2 === 0 ? 'SA' : 'SB',
      title: `医疗设备采购（第${i + 1}批）`,
      category: 'goods',
      value,
      signed_on: day(i + 1, 15),
    }),
  );
  return [...batches, { id: 'x8', buyer_id: 'BX', supplier_id: 'SC', title: '救护车采购', category: 'goods', value: 1_200_000, signed_on: day(10, 15) }];
}

/** BY: sixteen contracts spread over 0.55–1.45 × the threshold, four of them (1.72–1.96 million) in the band. */
function spreadBuyer(): Contract[] {
  const values = [1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.72, 1.8, 1.9, 1.96, 2.1, 2.2, 2.4, 2.6, 2.8, 2.9].map((millions) => millions * 1_000_000);
  return values.map((value, i) => ({
    id: `y${String(i).padStart(2, '0')}`,
    buyer_id: 'BY',
    supplier_id: `S${i % 5}`,
    title: `教学设备采购${i}`,
    category: 'goods',
    value: cents(value),
    signed_on: day((i % 12) + 1, 10),
  }));
}

export function generateCases(): GeneratedCases {
  return {
    'must-flag.json': {
      description:
        'Health bureau BX signs 9 goods contracts near the 2 million goods threshold in 2023, 8 of them at 88–99 % of it; across 40 other buyers about 15 % of contracts in the 0.5–1.5 × threshold range fall in that band (260 market contracts, log-uniform). Binomial p ≈ 1e-6.',
      records: { companies, contracts: [...market(), ...bunchingBuyer()] },
      expect: [{ tender_id: null, case_key: 'buyer:BX', company_ids: ['BX', 'SA', 'SB'], record_ids: ['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7'] }],
    },
    'near-miss.json': {
      description:
        'Education bureau BY has 4 of its 16 near-threshold goods contracts in the 85–100 % band (25 %) against the market\'s ~15 %: above the market, but a binomial p ≈ 0.2 and within the false discovery rate: chance, not bunching.',
      records: { companies, contracts: [...market(), ...spreadBuyer()] },
      expect: [],
    },
  };
}

writeGeneratedCases(import.meta.url, generateCases);
