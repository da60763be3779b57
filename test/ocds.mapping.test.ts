import { describe, expect, it } from 'vitest';
import { buildModels } from '../analytics/buildModels.ts';
import { RecordLoader } from '../ingest/RecordLoader.ts';
import { mapOcdsReleases } from '../ingest/ocds/mapOcdsReleases.ts';
import { mapProcurementMethod } from '../ingest/ocds/mapProcurementMethod.ts';
import { insertOcdsReleases } from './support/insertOcdsReleases.ts';
import { valuesNotStored } from './support/valuesNotStored.ts';
import { withDatabase } from './support/withDatabase.ts';

const USCC_A = '91530100MA6K000001';
const USCC_B = '91530100MA6K000002';
const USCC_C = '91530100MA6K000003';

const party = (uscc: string, name: string, roles: string[], address: Record<string, string>, telephone: string) => ({
  id: `CN-USCC-${uscc}`,
  name,
  identifier: { scheme: 'CN-USCC', id: uscc, legalName: name },
  address: { ...address, postalCode: '650000', countryName: '中国' },
  contactPoint: { name: '联系人', telephone, email: `${uscc.slice(-3)}@example.cn`, faxNumber: '0871-1' },
  roles,
});

/** A Chinese compiled release with the bid extension, a consortium, a disqualified bid and two contracts. */
const chineseRelease = {
  ocid: 'ocds-cn-0001',
  id: 'ocds-cn-0001-compiled',
  date: '2024-04-02T10:00:00+08:00',
  tag: ['compiled'],
  initiationType: 'tender',
  parties: [
    { id: 'BUYER-1', name: '某市住房和城乡建设局', roles: ['buyer'], address: { region: '云南省', locality: '昆明市' } },
    { id: 'AGENT-1', name: '某招标代理有限公司', identifier: { scheme: 'CN-USCC', id: '91530100AGENT00001' }, roles: ['procuringEntity'] },
    party(USCC_A, '甲建设有限公司', ['tenderer', 'supplier'], { region: '云南省', locality: '昆明市', streetAddress: '五华区人民路1号' }, '0871-65123456'),
    party(USCC_B, '乙建设有限公司', ['tenderer'], { region: '云南省', locality: '昆明市', streetAddress: '昆明市五华区人民路1号' }, '0871-65123456'),
    party(USCC_C, '丙工程有限公司', ['tenderer'], { region: '云南省', locality: '曲靖市', streetAddress: '麒麟区南宁路8号' }, '0874-3100000'),
  ],
  buyer: { id: 'BUYER-1', name: '某市住房和城乡建设局' },
  planning: { budget: { projectID: '2401-530100-04-01-000001', project: '某道路改造工程', amount: { amount: 12000000, currency: 'CNY' } }, rationale: '城市更新' },
  tender: {
    id: 'T-2024-001',
    title: '某道路改造工程施工',
    procurementMethod: 'open',
    procurementMethodDetails: '公开招标',
    mainProcurementCategory: 'works',
    tenderPeriod: { startDate: '2024-03-01T09:00:00+08:00', endDate: '2024-03-21T09:30:00+08:00' },
    value: { amount: 10000000.456, currency: 'CNY' },
    minValue: { amount: 9000000, currency: 'CNY' },
    procuringEntity: { id: 'AGENT-1', name: '某招标代理有限公司' },
    awardCriteria: 'ratedCriteria',
  },
  bids: {
    statistics: [{ id: 's1', measure: 'validBids', value: 2 }],
    details: [
      { id: 'b1', status: 'valid', date: '2024-03-21T09:00:00+08:00', tenderers: [{ id: `CN-USCC-${USCC_A}` }, { id: `CN-USCC-${USCC_C}` }], value: { amount: 9650000, currency: 'CNY' } },
      { id: 'b2', status: 'disqualified', date: '2024-03-21T09:10:00+08:00', tenderers: [{ id: `CN-USCC-${USCC_B}` }], value: { amount: 9700000, currency: 'CNY' } },
      { id: 'b3', status: 'invited', tenderers: [{ id: `CN-USCC-${USCC_C}` }] },
    ],
  },
  awards: [{ id: 'a1', status: 'active', date: '2024-03-25T10:00:00+08:00', relatedBid: 'b1', suppliers: [{ id: `CN-USCC-${USCC_A}` }], value: { amount: 9650000, currency: 'CNY' } }],
  contracts: [
    {
      id: 'c1',
      awardID: 'a1',
      title: '施工合同',
      value: { amount: 9650000, currency: 'CNY' },
      dateSigned: '2024-04-01T15:00:00+08:00',
      period: { startDate: '2024-04-10T00:00:00+08:00', endDate: '2024-12-31T00:00:00+08:00' },
      implementation: { transactions: [{ id: 'tx1', value: { amount: 1000000, currency: 'CNY' } }] },
    },
  ],
};

/** Shaped like the Mexican and Paraguayan releases in ocdskit's real data: another currency, no category, `limited` without details. */
const foreignRelease = {
  ocid: 'ocds-mx-0001',
  id: 'r1',
  date: '2016-02-04T11:02:19Z',
  buyer: { name: 'SECRETARÍA DE FINANZAS', identifier: { id: 'GDF9712054NA' }, address: { streetAddress: 'DR. LAVISTA', locality: 'MÉXICO D. F.', region: 'DF' } },
  tender: {
    id: 'x',
    title: 'ARRENDAMIENTO',
    procurementMethod: 'limited',
    value: { amount: 1311264, currency: 'MXN' },
    tenderPeriod: { startDate: '2015-12-22', endDate: '2015-12-22T00:00:00-06:00' },
    tenderers: [{ name: 'BENTLEY SYSTEMS', identifier: { id: 'BSM971107ME6' } }],
  },
  awards: [
    { id: 'a1', suppliers: [{ name: 'BENTLEY SYSTEMS', identifier: { id: 'BSM971107ME6' } }], value: { amount: 100000, currency: 'MXN' } },
    { id: 'a2', status: 'unsuccessful', suppliers: [] },
  ],
  contracts: [{ id: 'c1', awardID: 'a1', value: { amount: 100000 } }],
};

describe('OCDS → record contract mapping', () => {
  it('maps parties, tender, bids (consortium, disqualified), awards with relatedBid, contracts and planning', async () => {
    await withDatabase(async (db) => {
      await insertOcdsReleases(db, [chineseRelease]);
      const summary = await mapOcdsReleases(db);
      expect(summary.releases).toEqual({ read: 1, mapped: 1, deadLettered: 0 });
      expect(summary.counts).toMatchObject({ nonCnyAmounts: 0, unknownMethods: 0, skippedBids: 1 });

      expect(await db.query('select id, name, address, phone, email from raw_companies order by id')).toEqual([
        { id: '91530100AGENT00001', name: '某招标代理有限公司', address: null, phone: null, email: null },
        { id: USCC_A, name: '甲建设有限公司', address: '云南省昆明市五华区人民路1号', phone: '0871-65123456', email: '001@example.cn' },
        { id: USCC_B, name: '乙建设有限公司', address: '云南省昆明市五华区人民路1号', phone: '0871-65123456', email: '002@example.cn' },
        { id: USCC_C, name: '丙工程有限公司', address: '云南省曲靖市麒麟区南宁路8号', phone: '0874-3100000', email: '003@example.cn' },
        { id: 'BUYER-1', name: '某市住房和城乡建设局', address: '云南省昆明市', phone: null, email: null },
      ]);
      expect(await db.query(`select _extra ->> '$.ocds_party.postalCode' as post, _extra ->> '$.ocds_party.address.postalCode' as postal, _extra ->> '$.ocds_party.contactPoint.faxNumber' as fax from raw_companies where id = '${USCC_A}'`)).toEqual([
        { post: null, postal: '650000', fax: '0871-1' },
      ]);

      expect(await db.query('select id, project_code, title, buyer_id, agency_id, method, category, estimated_value, ceiling_price, announced_at, bid_deadline from raw_tenders')).toEqual([
        {
          id: 'ocds-cn-0001',
          project_code: '2401-530100-04-01-000001',
          title: '某道路改造工程施工',
          buyer_id: 'BUYER-1',
          agency_id: '91530100AGENT00001',
          method: 'open',
          category: 'works',
          estimated_value: 10000000.46,
          ceiling_price: null,
          announced_at: '2024-03-01T09:00:00+08:00',
          bid_deadline: '2024-03-21T09:30:00+08:00',
        },
      ]);
      const [tenderExtra] = await db.query<{ extra: string }>('select _extra::varchar as extra from raw_tenders');
      expect(JSON.parse(tenderExtra!.extra)).toMatchObject({
        ocid: 'ocds-cn-0001',
        ocds_tender: { id: 'T-2024-001', minValue: { amount: 9000000, currency: 'CNY' }, awardCriteria: 'ratedCriteria', procurementMethod: 'open' },
        ocds_release: { id: 'ocds-cn-0001-compiled', tag: ['compiled'], initiationType: 'tender', bids: { statistics: [{ id: 's1', measure: 'validBids', value: 2 }] } },
        ocds_unmapped: { bids: [{ id: 'b3', status: 'invited' }] },
      });

      expect(await db.query('select id, tender_id, bidder_id, consortium_ids::varchar as consortium, price, status, submitted_at from raw_bids order by id')).toEqual([
        { id: 'ocds-cn-0001/bid/b1', tender_id: 'ocds-cn-0001', bidder_id: USCC_A, consortium: `["${USCC_C}"]`, price: 9650000, status: 'valid', submitted_at: '2024-03-21T09:00:00+08:00' },
        { id: 'ocds-cn-0001/bid/b2', tender_id: 'ocds-cn-0001', bidder_id: USCC_B, consortium: null, price: 9700000, status: 'disqualified', submitted_at: '2024-03-21T09:10:00+08:00' },
      ]);
      expect(await db.query(`select id, tender_id, winner_id, price, decided_at, _extra ->> '$.related_bid_ids[0]' as related_bid from raw_awards`)).toEqual([
        { id: 'ocds-cn-0001/award/a1', tender_id: 'ocds-cn-0001', winner_id: USCC_A, price: 9650000, decided_at: '2024-03-25T10:00:00+08:00', related_bid: 'ocds-cn-0001/bid/b1' },
      ]);
      expect(await db.query(`select id, tender_id, project_code, buyer_id, supplier_id, title, category, value, signed_on, start_on, end_on, _extra ->> '$.ocds_contract.implementation.transactions[0].id' as tx from raw_contracts`)).toEqual([
        {
          id: 'ocds-cn-0001/contract/c1',
          tender_id: 'ocds-cn-0001',
          project_code: '2401-530100-04-01-000001',
          buyer_id: 'BUYER-1',
          supplier_id: USCC_A,
          title: '施工合同',
          category: 'works',
          value: 9650000,
          signed_on: '2024-04-01',
          start_on: '2024-04-10',
          end_on: '2024-12-31',
          tx: 'tx1',
        },
      ]);
      expect(await db.query('select code, name, owner_id, investment_type, total_investment from raw_projects')).toEqual([
        { code: '2401-530100-04-01-000001', name: '某道路改造工程', owner_id: 'BUYER-1', investment_type: null, total_investment: 12000000 },
      ]);
    });
  });

  it('drops nothing: every value of the release is in a mapped column or in the extra fields', async () => {
    await withDatabase(async (db) => {
      await insertOcdsReleases(db, [chineseRelease]);
      await mapOcdsReleases(db);
      expect(await valuesNotStored(db, chineseRelease)).toEqual([]);
    });
  });

  it('keeps amounts in another currency out of the money columns, and leaves unknown method, category and dates null', async () => {
    await withDatabase(async (db) => {
      await insertOcdsReleases(db, [foreignRelease]);
      const summary = await mapOcdsReleases(db);
      expect(summary.counts).toEqual({
        nonCnyAmounts: 2,
        amountsWithoutCurrency: 1,
        unknownMethods: 1,
        unknownCategories: 1,
        unconvertedDates: 1,
        skippedBids: 0,
        skippedAwards: 1,
        skippedContracts: 0,
        companiesOnRecord: 0,
      });
      expect(await db.query(`select id, buyer_id, method, category, estimated_value, announced_at, bid_deadline, _extra ->> '$.currency' as currency, (_extra ->> '$.amount')::double as amount, _extra ->> '$.ocds_unconverted."tender.tenderPeriod.startDate"' as start_text from raw_tenders`)).toEqual([
        { id: 'ocds-mx-0001', buyer_id: 'GDF9712054NA', method: null, category: null, estimated_value: null, announced_at: null, bid_deadline: '2015-12-22T00:00:00-06:00', currency: 'MXN', amount: 1311264, start_text: '2015-12-22' },
      ]);
      expect(await db.query(`select winner_id, price, decided_at, _extra ->> '$.currency' as currency from raw_awards`)).toEqual([{ winner_id: 'BSM971107ME6', price: null, decided_at: null, currency: 'MXN' }]);
      expect(await db.query(`select supplier_id, value, signed_on, title, category, (_extra ->> '$.amount')::double as amount, _extra ->> '$.currency' as currency from raw_contracts`)).toEqual([
        { supplier_id: 'BSM971107ME6', value: null, signed_on: null, title: 'ARRENDAMIENTO', category: null, amount: 100000, currency: null },
      ]);
      expect(await db.query(`select id, address from raw_companies order by id`)).toEqual([
        { id: 'BSM971107ME6', address: null },
        { id: 'GDF9712054NA', address: 'DF, MÉXICO D. F., DR. LAVISTA' },
      ]);
      const [extra] = await db.query<{ tenderers: string }>(`select _extra ->> '$.ocds_tender.tenderers[0].name' as tenderers from raw_tenders`);
      expect(extra?.tenderers).toBe('BENTLEY SYSTEMS');
    });
  });

  it('dead-letters releases it cannot map with their reason; read = mapped + dead-lettered', async () => {
    await withDatabase(async (db) => {
      const { buyer: _buyer, parties: _parties, ...noBuyer } = chineseRelease;
      const { date: _date, ...noDate } = chineseRelease;
      await insertOcdsReleases(db, [
        { ...noBuyer, ocid: 'ocds-no-buyer' },
        { ...noDate, ocid: 'ocds-no-date' },
        { ...chineseRelease, ocid: 'ocds-local-date', date: '2024-04-02T10:00:00' },
        { ocid: 'ocds-planning-only', date: '2024-01-01T00:00:00Z', buyer: { id: 'BUYER-1', name: 'x' }, planning: { rationale: 'x' } },
        foreignRelease,
        { ocid: 'ocds-planning-project', date: '2024-01-01T00:00:00Z', buyer: { id: 'BUYER-1', name: 'x' }, tag: ['planning'], planning: { project: { id: 'P-9', title: '某项目' } } },
      ]);
      const summary = await mapOcdsReleases(db);
      expect(summary.releases).toEqual({ read: 6, mapped: 2, deadLettered: 4 });
      expect(await db.query(`select code, name, owner_id, _extra ->> '$.ocds_release.tag[0]' as tag from raw_projects`)).toEqual([{ code: 'P-9', name: '某项目', owner_id: 'BUYER-1', tag: 'planning' }]);
      expect(await db.query(`select source, record_type, reason_code, reason from dead_letters order by source`)).toEqual([
        { source: 'test.jsonl:1', record_type: 'ocds_release', reason_code: 'ocds_no_buyer', reason: 'release ocds-no-buyer names no buyer (buyer, or a party with role "buyer"): every tender and contract needs one' },
        { source: 'test.jsonl:2', record_type: 'ocds_release', reason_code: 'ocds_no_date', reason: 'the release has no date: it is the version of every record mapped from the release (latest wins)' },
        { source: 'test.jsonl:3', record_type: 'ocds_release', reason_code: 'ocds_no_date', reason: 'release date "2024-04-02T10:00:00" is not a date-time with offset: it is the version of every record mapped from the release' },
        { source: 'test.jsonl:4', record_type: 'ocds_release', reason_code: 'ocds_no_procurement', reason: 'release ocds-planning-only has no tender, awards, contracts or project: nothing to map' },
      ]);
      // Mapping the same releases again changes nothing: upserts by updated_at, dead letters stored once.
      const again = await mapOcdsReleases(db);
      expect(again.records.tenders).toMatchObject({ read: 1, inserted: 0, unchanged: 1 });
      expect(await db.query('select count(*)::integer as n from dead_letters')).toEqual([{ n: 4 }]);
    });
  });

  it('maps lots to one tender each, bids and awards to their related lot, and an award to several suppliers to one row each without a split price', async () => {
    await withDatabase(async (db) => {
      await insertOcdsReleases(db, [
        {
          ...chineseRelease,
          ocid: 'ocds-lots',
          tender: { ...chineseRelease.tender, lots: [{ id: 'L1', title: '一标段', value: { amount: 5000000, currency: 'CNY' } }, { id: 'L2', title: '二标段' }] },
          bids: { details: [{ id: 'b1', status: 'valid', relatedLots: ['L2'], tenderers: [{ id: `CN-USCC-${USCC_B}` }], value: { amount: 4000000, currency: 'CNY' } }] },
          awards: [{ id: 'a1', relatedLots: ['L2'], date: '2024-03-25T10:00:00+08:00', suppliers: [{ id: `CN-USCC-${USCC_A}` }, { id: `CN-USCC-${USCC_B}` }], value: { amount: 4000000, currency: 'CNY' } }],
          contracts: [],
        },
      ]);
      await mapOcdsReleases(db);
      expect(await db.query('select id, title, estimated_value from raw_tenders order by id')).toEqual([
        { id: 'ocds-lots/lot/L1', title: '某道路改造工程施工 一标段', estimated_value: 5000000 },
        { id: 'ocds-lots/lot/L2', title: '某道路改造工程施工 二标段', estimated_value: null },
      ]);
      expect(await db.query('select id, tender_id, price from raw_bids')).toEqual([{ id: 'ocds-lots/bid/b1', tender_id: 'ocds-lots/lot/L2', price: 4000000 }]);
      expect(await db.query(`select id, tender_id, winner_id, price, _extra ->> '$.ocds_value_all_suppliers.amount' as total from raw_awards order by id`)).toEqual([
        { id: `ocds-lots/award/a1/${USCC_A}`, tender_id: 'ocds-lots/lot/L2', winner_id: USCC_A, price: null, total: '4000000' },
        { id: `ocds-lots/award/a1/${USCC_B}`, tender_id: 'ocds-lots/lot/L2', winner_id: USCC_B, price: null, total: '4000000' },
      ]);
    });
  });

  it('maps an award to the members of one bid as one award to the consortium lead, and the bid as the winner', async () => {
    await withDatabase(async (db) => {
      const consortiumAward = { ...chineseRelease.awards[0]!, suppliers: [{ id: `CN-USCC-${USCC_C}` }, { id: `CN-USCC-${USCC_A}` }] };
      await insertOcdsReleases(db, [{ ...chineseRelease, awards: [consortiumAward] }]);
      await mapOcdsReleases(db);
      expect(await db.query(`select id, winner_id, price, _extra ->> '$.consortium_ids' as consortium from raw_awards`)).toEqual([
        { id: 'ocds-cn-0001/award/a1', winner_id: USCC_A, price: 9650000, consortium: `["${USCC_C}"]` },
      ]);
      expect(await db.query(`select supplier_id, _extra ->> '$.other_supplier_ids' as others from raw_contracts`)).toEqual([{ supplier_id: USCC_A, others: `["${USCC_C}"]` }]);
      await buildModels(db);
      expect(await db.query('select bid_id, is_winner from mart_bids order by bid_id')).toEqual([
        { bid_id: 'ocds-cn-0001/bid/b1', is_winner: true },
        { bid_id: 'ocds-cn-0001/bid/b2', is_winner: false },
      ]);
    });
  });

  it('does not replace a company on record from the registry with what a release says about it', async () => {
    await withDatabase(async (db) => {
      const loader = await RecordLoader.create(db);
      await loader.loadBatch('companies', [
        { raw: JSON.stringify({ id: USCC_A, name: '甲建设有限公司', legal_rep_id: 'P1', updated_at: '2020-01-01T00:00:00+08:00' }), source: 'companies.jsonl:1' },
      ]);
      await insertOcdsReleases(db, [chineseRelease]);
      const summary = await mapOcdsReleases(db);
      expect(summary.counts.companiesOnRecord).toBe(1);
      expect(await db.query(`select id, legal_rep_id, address, _source from raw_companies where id in ('${USCC_A}', '${USCC_B}') order by id`)).toEqual([
        { id: USCC_A, legal_rep_id: 'P1', address: null, _source: 'companies.jsonl:1' },
        { id: USCC_B, legal_rep_id: null, address: '云南省昆明市五华区人民路1号', _source: 'test.jsonl:1#companies' },
      ]);
    });
  });

  it('names methods by the documented table and leaves the rest unknown', () => {
    expect(mapProcurementMethod('open', undefined)).toBe('open');
    expect(mapProcurementMethod('selective', null)).toBe('invited');
    expect(mapProcurementMethod('selective', '竞争性磋商')).toBe('competitive_consultation');
    expect(mapProcurementMethod('limited', '单一来源采购')).toBe('single_source');
    expect(mapProcurementMethod('limited', '竞争性谈判')).toBe('competitive_negotiation');
    expect(mapProcurementMethod('limited', '询价')).toBe('inquiry');
    expect(mapProcurementMethod('limited', 'Emergencia')).toBeNull();
    expect(mapProcurementMethod('limited', undefined)).toBeNull();
    expect(mapProcurementMethod('direct', undefined)).toBe('direct');
    expect(mapProcurementMethod('direct', 'single_source')).toBe('single_source');
    expect(mapProcurementMethod('limited', 'competitive_negotiation')).toBe('competitive_negotiation');
    expect(mapProcurementMethod('limited', 'Single-source procurement')).toBe('single_source');
    expect(mapProcurementMethod(undefined, undefined)).toBeNull();
  });
});
