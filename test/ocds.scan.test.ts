import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan } from '../cli/runScan.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';

const uscc = (n: number) => `91530100MA6K${String(n).padStart(6, '0')}`;
const ref = (n: number) => ({ id: `CN-USCC-${uscc(n)}` });
const cny = (amount: number) => ({ amount, currency: 'CNY' });

/** A company party; `address` and `telephone` decide whether two bidders look related (A6). */
const company = (n: number, name: string, streetAddress: string, telephone: string, roles = ['tenderer']) => ({
  id: `CN-USCC-${uscc(n)}`,
  name,
  identifier: { scheme: 'CN-USCC', id: uscc(n) },
  address: { region: '云南省', locality: '昆明市', streetAddress },
  contactPoint: { telephone },
  roles,
});

const buyer = (id: string, name: string) => ({ id, name, roles: ['buyer'] });

/**
 * Tender 1: three bidders, two of them (1 and 2) registered at one address with one phone number,
 * written differently: A6 related bidders from parties' addresses and contact points (Cardinal #94).
 */
const relatedBidders = {
  ocid: 'ocds-a6-1',
  date: '2024-04-01T10:00:00+08:00',
  parties: [
    buyer('BUYER-A', '某县交通运输局'),
    company(1, '恒达建设有限公司', '五华区人民中路１２号３栋２０１室', '0871-65123456'),
    company(2, '宏远路桥有限公司', '五华区 人民中路12号3幢201', '+86 871 6512 3456'),
    company(3, '金盛市政有限公司', '官渡区春城路88号', '0871-63330000', ['tenderer', 'supplier']),
  ],
  buyer: { id: 'BUYER-A', name: '某县交通运输局' },
  tender: {
    id: 't',
    title: '某道路改造工程施工',
    procurementMethod: 'open',
    mainProcurementCategory: 'works',
    value: cny(5000000),
    tenderPeriod: { startDate: '2024-03-01T09:00:00+08:00', endDate: '2024-03-25T09:00:00+08:00' },
  },
  bids: {
    details: [
      { id: 'b1', status: 'valid', tenderers: [ref(1)], value: cny(4700000) },
      { id: 'b2', status: 'valid', tenderers: [ref(2)], value: cny(4750000) },
      { id: 'b3', status: 'valid', tenderers: [ref(3)], value: cny(4600000) },
    ],
  },
  awards: [{ id: 'a1', status: 'active', date: '2024-03-28T10:00:00+08:00', relatedBid: 'b3', suppliers: [ref(3)], value: cny(4600000) }],
};

/**
 * Three direct awards by one school for the same furniture, each 400,000 yuan, within five
 * months of 2017 (goods threshold then 1 million): C1 splitting across direct awards (Cardinal #87).
 */
const directAward = (n: number, month: string) => ({
  ocid: `ocds-c1-${n}`,
  date: `2017-${month}-15T10:00:00+08:00`,
  parties: [buyer('SCHOOL-1', '某县第一中学'), company(10, '某家具有限公司', '盘龙区北京路1号', '0871-61111111', ['supplier'])],
  buyer: { id: 'SCHOOL-1', name: '某县第一中学' },
  tender: { id: 't', title: `办公家具采购（第${n}批）`, procurementMethod: 'direct', mainProcurementCategory: 'goods', value: cny(400000) },
  awards: [{ id: 'a', status: 'active', date: `2017-${month}-01T10:00:00+08:00`, suppliers: [ref(10)], value: cny(400000) }],
  contracts: [{ id: 'k', awardID: 'a', value: cny(400000), dateSigned: `2017-${month}-02T10:00:00+08:00` }],
});

/** An open works tender with five days to bid (法定 20 days, Bidding Law Art. 24): E1. */
const shortPeriod = {
  ocid: 'ocds-e1-1',
  date: '2024-05-01T10:00:00+08:00',
  parties: [buyer('BUYER-A', '某县交通运输局')],
  buyer: { id: 'BUYER-A', name: '某县交通运输局' },
  tender: {
    id: 't',
    title: '某桥梁维修工程',
    procurementMethod: 'open',
    mainProcurementCategory: 'works',
    tenderPeriod: { startDate: '2024-04-01T09:00:00+08:00', endDate: '2024-04-06T09:00:00+08:00' },
  },
};

const lines = [
  JSON.stringify(relatedBidders),
  JSON.stringify(directAward(1, '03')),
  JSON.stringify(directAward(2, '05')),
  JSON.stringify(directAward(3, '08')),
  JSON.stringify(shortPeriod),
  '{"ocid": "ocds-broken", ',
  JSON.stringify({ ...shortPeriod, ocid: 'ocds-no-buyer', buyer: undefined, parties: [] }),
];

describe('scan --format ocds', () => {
  it('takes an OCDS file through the rules to leads and the HTML report; bad releases are dead-lettered', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'releases.jsonl');
      writeFileSync(file, lines.join('\n') + '\n');
      await withDatabase(async (db) => {
        const summary = await runScan({ db, input: file, format: 'ocds', out: join(dir, 'out'), runId: 'run-ocds' });
        expect(summary.ocds?.releases).toEqual({ read: 7, accepted: 5, deadLettered: 2, mapped: 5 });
        expect(await db.query(`select source, reason_code from dead_letters order by source`)).toEqual([
          { source: 'releases.jsonl:6', reason_code: 'bad_json' },
          { source: 'releases.jsonl:7', reason_code: 'ocds_no_buyer' },
        ]);

        const flags = await db.query<{ rule_id: string; tender_ids: string; company_ids: string }>(
          `select rule_id, tender_ids::varchar as tender_ids, company_ids::varchar as company_ids from flags where run_id = 'run-ocds' order by rule_id`,
        );
        const byRule = (prefix: string) => flags.filter((f) => f.rule_id.startsWith(prefix)).map(({ tender_ids, company_ids }) => ({ tender_ids, company_ids }));
        expect(byRule('A6')).toEqual([{ tender_ids: '[ocds-a6-1]', company_ids: `[${uscc(1)}, ${uscc(2)}]` }]);
        expect(byRule('C1')).toEqual([{ tender_ids: '[ocds-c1-1, ocds-c1-2, ocds-c1-3]', company_ids: `[${uscc(10)}, SCHOOL-1]` }]);
        expect(byRule('E1')).toEqual([expect.objectContaining({ tender_ids: '[ocds-e1-1]' })]);
        // What OCDS does not say is null, never a stand-in: no other rule of the catalogue finds anything to flag
        // (Cardinal's indicators, family ocds, run beside them on the same releases: test/ocds.cardinalParity.test.ts).
        expect(flags.map((f) => f.rule_id).filter((id) => !id.startsWith('R'))).toEqual(['A6-related-bidders', 'C1-split-awards', 'E1-short-bid-period']);
        expect(flags.some((f) => f.rule_id.startsWith('R0'))).toBe(true);

        expect(summary.leads.leads).toBeGreaterThanOrEqual(3);
        const report = join(dir, 'out', 'run-ocds');
        expect(existsSync(join(report, 'html', 'index.html'))).toBe(true);
        const leads = readFileSync(join(report, 'leads.json'), 'utf8');
        for (const ocid of ['ocds-a6-1', 'ocds-c1-1', 'ocds-e1-1']) expect(leads).toContain(ocid);
      });
    });
  });

  it('leaves the same purchases in another currency out of the money rules, and says why', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'releases.jsonl');
      writeFileSync(file, lines.map((line) => line.replaceAll('"currency":"CNY"', '"currency":"USD"')).join('\n') + '\n');
      await withDatabase(async (db) => {
        const summary = await runScan({ db, input: file, format: 'ocds', out: null, runId: 'run-usd' });
        expect(summary.ocds?.mapping.counts.nonCnyAmounts).toBe(14);
        const flags = await db.query<{ rule_id: string }>(`select rule_id from flags where run_id = 'run-usd' order by rule_id`);
        // A6 and E1 need no money; C1 adds up yuan and has none.
        expect(flags.map((f) => f.rule_id).filter((id) => !id.startsWith('R'))).toEqual(['A6-related-bidders', 'E1-short-bid-period']);
        const c1 = summary.rules.find((r) => r.ruleId === 'C1-split-awards')!;
        expect({ status: c1.status, covered: c1.covered, reason: c1.reason }).toEqual({ status: 'skipped', covered: 0, reason: 'no contract values in this database' });
      });
    });
  });
});
