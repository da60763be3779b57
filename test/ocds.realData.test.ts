import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan } from '../cli/runScan.ts';
import { valuesNotStored } from './support/valuesNotStored.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';

/** Real OCDS from Mexico and Paraguay (ocdskit 1.7.0's fixtures, fixtures/ocds/realdata/README.md). */
const REAL_DATA = new URL('../fixtures/ocds/realdata/', import.meta.url).pathname;

describe('real OCDS data (Mexico, Paraguay) end to end', () => {
  it('imports, dead-letters with reasons, keeps foreign currencies out of the money columns and writes the report', async () => {
    await withTempDir(async (dir) => {
      await withDatabase(async (db) => {
        const summary = await runScan({ db, input: REAL_DATA, format: 'ocds', out: join(dir, 'out'), runId: 'run-real' });
        const ocds = summary.ocds!;
        expect(ocds.files).toHaveLength(6);
        expect(ocds.releases).toEqual({ read: 9, accepted: 6, deadLettered: 3, mapped: 6 });
        expect(await db.query(`select source, reason_code from dead_letters order by source`)).toEqual([
          { source: 'release-package_1.1-2.json#releases/0', reason_code: 'ocds_no_buyer' },
          { source: 'release-package_encoding-utf-8.json#releases/1', reason_code: 'ocds_duplicate_ocid' },
          { source: 'release-package_encoding-utf-8.json#releases/2', reason_code: 'ocds_duplicate_ocid' },
        ]);
        expect(ocds.mapping.counts).toEqual({
          nonCnyAmounts: 14,
          amountsWithoutCurrency: 3,
          unknownMethods: 2,
          unknownCategories: 6,
          unconvertedDates: 0,
          skippedBids: 0,
          skippedAwards: 0,
          skippedContracts: 0,
          companiesOnRecord: 0,
        });
        expect(ocds.mapping.records.tenders).toMatchObject({ read: 6, accepted: 6, deadLettered: 0 });
        expect(ocds.mapping.records.awards).toMatchObject({ read: 7, accepted: 7, deadLettered: 0 });
        expect(ocds.mapping.records.contracts).toMatchObject({ read: 5, accepted: 5, deadLettered: 0 });

        // MXN, USD and PYG: every amount kept with its currency, none in a yuan column.
        expect(await db.query(`select
            ((select count(*) from raw_tenders where estimated_value is not null)
          + (select count(*) from raw_awards where price is not null)
          + (select count(*) from raw_contracts where value is not null))::integer as yuan_amounts,
            (select list(distinct _extra ->> '$.currency' order by _extra ->> '$.currency') from raw_awards where _extra ->> '$.currency' is not null) as currencies`)).toEqual([
          { yuan_amounts: 0, currencies: ['MXN', 'PYG', 'USD'] },
        ]);
        expect(await db.query(`select id, method, buyer_id, winner_id from raw_tenders join (select tender_id, winner_id from raw_awards) on tender_id = id where id = 'ocds-07smqs-993235' order by winner_id`)).toEqual([
          { id: 'ocds-07smqs-993235', method: 'direct', buyer_id: 'INAH-195', winner_id: 'Registro Federal de Contribuyentes de México-GAB0709244G5' },
          { id: 'ocds-07smqs-993235', method: 'direct', buyer_id: 'INAH-195', winner_id: 'Registro Federal de Contribuyentes de México-GAB0709244G5' },
        ]);
        // Nothing dropped: every value of every mapped release is in a column or in _extra (e.g. CDMX's exchangeRate beside its amounts).
        const releases = await db.query<{ release: string }>(`select release::varchar as release from raw_ocds_releases where source not in (select source from dead_letters)`);
        expect(releases).toHaveLength(6);
        for (const { release } of releases) expect(await valuesNotStored(db, JSON.parse(release))).toEqual([]);

        // Addresses and phones of real suppliers reach the contact mart A6 compares.
        const [contacts] = await db.query<{ with_address: bigint; with_phone: bigint }>(
          `select count(address_key) as with_address, count(phone_key) as with_phone from mart_company_contacts`,
        );
        expect(Number(contacts!.with_address)).toBeGreaterThanOrEqual(10);
        expect(Number(contacts!.with_phone)).toBeGreaterThanOrEqual(5);

        // Coverage says why: 5 contracts, none with a value in yuan; 6 tenders, none with bids; E1 judges the 3 with both dates.
        const status = (id: string) => {
          const rule = summary.rules.find((r) => r.ruleId === id)!;
          return { status: rule.status, candidates: rule.candidates, covered: rule.covered, reason: rule.reason };
        };
        expect(status('C1-split-awards')).toEqual({ status: 'skipped', candidates: 5, covered: 0, reason: 'no contract values in this database' });
        expect(status('E2-too-few-valid-bids')).toEqual({ status: 'skipped', candidates: 6, covered: 0, reason: 'no published bids in this database' });
        expect(status('E1-short-bid-period')).toMatchObject({ status: 'ran', candidates: 6, covered: 3 });

        // Nothing in yuan, no bids: no money rule and no bid rule has anything to judge.
        const hits = await db.query<{ rule_id: string }>(`select distinct rule_id from flags where run_id = 'run-real' and rule_id similar to '(A[1-8]|C[1-4]|E[1-3]).*'`);
        expect(hits).toEqual([]);
        const report = join(dir, 'out', 'run-real');
        expect(existsSync(join(report, 'html', 'index.html'))).toBe(true);
        expect(readFileSync(join(report, 'leads.json'), 'utf8').length).toBeGreaterThan(0);
      });
    });
  });
});
