import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/Database.ts';
import { plainDateTime, rule } from '../rules/ocds/R003-short-submission-period/rule.ts';
import { parseCardinalSettings } from '../rules/ocds/CardinalSettings.ts';
import { rfc3339Nanoseconds } from '../rules/ocds/rfc3339Nanoseconds.ts';
import { withDatabase } from './support/withDatabase.ts';

/**
 * R003 counts the days in SQL for the plain date-time form and in rule.ts (chrono's parsing) for
 * every other string: both must give the day count chrono gives, so the flags do not depend on
 * which way a release went.
 */
const pairs: [start: string, end: string][] = [
  ['2024-03-01T00:00:00Z', '2024-03-15T23:59:59Z'], // 14 days 23:59:59 → 14
  ['2024-03-01T00:00:00Z', '2024-03-16T00:00:00Z'], // exactly 15
  ['2024-03-01T00:00:00.000001Z', '2024-03-16T00:00:00Z'], // a microsecond short of 15
  ['2024-03-01T09:00:00+08:00', '2024-03-15T01:00:00Z'], // offsets: 14 days exactly
  ['2024-03-01T09:00:00+08:00', '2024-03-15T00:59:59.999999Z'],
  ['2024-03-10T00:00:00Z', '2024-03-01T12:00:00Z'], // end before start: -8.5 days → -8
  ['2024-02-28T23:00:00-05:00', '2024-03-01T04:00:00Z'], // across a leap day
  ['1999-12-31T23:59:59.5+23:59', '2000-01-01T00:00:00-23:59'],
  // Not the plain form: parsed in rule.ts.
  ['2024-03-01T00:00:00.0000000001Z', '2024-03-16T00:00:00Z'], // nanoseconds
  ['2024-03-01t00:00:00z', '2024-03-10T00:00:00Z'], // lowercase
  ['2024-03-01 00:00:00Z', '2024-03-10T00:00:00Z'], // space
  ['2016-12-31T23:59:60Z', '2017-01-05T00:00:00Z'], // leap second
  ['2024-02-30T00:00:00Z', '2024-03-10T00:00:00Z'], // no such day: chrono refuses, silent
  ['2024-03-01', '2024-03-10T00:00:00Z'], // date only: refused, silent
];

/** The pairs as the used releases R003 reads (ocid `ocds-<1-based position>`). */
async function usedReleases(db: Database): Promise<void> {
  const rows = pairs.map(([start, end], index) => `('ocds-${index + 1}', ${index + 1}, '${start}', '${end}')`).join(', ');
  await db.run(`create temp table ocds_used_releases as
    select ocid, seq, null::varchar as procurement_method, null::varchar as procurement_method_details, tender_start_date, tender_end_date
    from (values ${rows}) as pairs(ocid, seq, tender_start_date, tender_end_date)`);
}

function chronoDays(start: string, end: string): number | null {
  const from = rfc3339Nanoseconds(start);
  const to = rfc3339Nanoseconds(end);
  return from === null || to === null ? null : Number((to - from) / 86_400_000_000_000n);
}

describe('R003 day count', () => {
  it('flags exactly the releases whose chrono day count is below the threshold, by either path', async () => {
    await withDatabase(async (db) => {
      await usedReleases(db);
      const settings = parseCardinalSettings('[R003]\nthreshold = 15\n');
      const output = await rule.cardinal.compute({ db, settings, own: settings.indicators.R003!, mainCurrency: null, shared: new Map(), maps: false });
      const expected = pairs.flatMap(([start, end], index) => {
        const days = chronoDays(start, end);
        return days !== null && days < 15 ? [`ocds-${index + 1}`] : [];
      });
      expect(expected).toEqual(['ocds-1', 'ocds-3', 'ocds-4', 'ocds-5', 'ocds-6', 'ocds-7', 'ocds-8', 'ocds-10', 'ocds-11', 'ocds-12']);
      expect(output.results.map((result) => result.id)).toEqual(expected);
    });
  });

  it('counts the plain form in SQL, to the day chrono counts, and sends every other string back with its dates', async () => {
    await withDatabase(async (db) => {
      await usedReleases(db);
      const sql = readFileSync(new URL('../rules/ocds/R003-short-submission-period/indicator.sql', import.meta.url), 'utf8');
      const rows = await db.query<{ ocid: string; exact_days: number | null; tender_start_date: string | null; tender_end_date: string | null }>(sql, {
        procurement_methods: [],
        max_days: 1_000_000,
        plain_date_time: plainDateTime,
      });
      const plain = new RegExp(`^${plainDateTime}$`);
      const sentBack = pairs.map(([start, end], index) => {
        const inSql = plain.test(start) && plain.test(end) && chronoDays(start, end) !== null;
        return inSql
          ? { ocid: `ocds-${index + 1}`, exact_days: chronoDays(start, end), tender_start_date: null, tender_end_date: null }
          : { ocid: `ocds-${index + 1}`, exact_days: null, tender_start_date: start, tender_end_date: end };
      });
      expect(sentBack.filter((row) => row.exact_days !== null)).toHaveLength(8);
      expect(rows.map(({ ocid, exact_days, tender_start_date, tender_end_date }) => ({ ocid, exact_days, tender_start_date, tender_end_date }))).toEqual(sentBack);
    });
  });
});
