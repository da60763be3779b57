/**
 * `npx tsx bench/ocdsTypedReadFloor.ts [FILE]`: what the least an OCDS load could do costs in
 * DuckDB on this machine, for judging how far `bidwatch load --format ocds` can go (issue 14 asks
 * for 50,000 releases/s). It reads FILE (OCDS JSON Lines, default the 100k bench file) once into
 * typed structs, stores each release's text, and unnests tenders, bids, awards and parties into
 * flat tables, with none of the contract's checks, extras, dead letters or upserts. Prints CPU
 * seconds (user+sys, DuckDB's threads included) and wall per step, and releases per CPU second.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { processCpuSeconds } from './timeStatements.ts';

const file = process.argv[2] ?? 'data/bench-ocds/releases-100k.jsonl';
const dbPath = '/tmp/bidwatch-ocds-floor.duckdb';
rmSync(dbPath, { force: true });
rmSync(`${dbPath}.wal`, { force: true });
const instance = await DuckDBInstance.create(dbPath, { threads: '2', memory_limit: '2GB' });
const connection = await instance.connect();
await connection.run(`set disabled_compression_methods = 'fsst,dictionary'`);
const money = 'STRUCT(amount DOUBLE, currency VARCHAR)';
const columns = `{ocid: 'VARCHAR', id: 'VARCHAR', date: 'VARCHAR',
  tender: 'STRUCT(id VARCHAR, title VARCHAR, status VARCHAR, procurementMethod VARCHAR, procurementMethodDetails VARCHAR, mainProcurementCategory VARCHAR, value ${money}, tenderPeriod STRUCT(startDate VARCHAR, endDate VARCHAR))',
  parties: 'STRUCT(id VARCHAR, name VARCHAR, roles VARCHAR[], identifier STRUCT(scheme VARCHAR, id VARCHAR), address STRUCT(streetAddress VARCHAR, locality VARCHAR, region VARCHAR, countryName VARCHAR), contactPoint STRUCT(name VARCHAR, telephone VARCHAR, email VARCHAR))[]',
  bids: 'STRUCT(details STRUCT(id VARCHAR, status VARCHAR, date VARCHAR, value ${money}, tenderers STRUCT(id VARCHAR, name VARCHAR)[])[])',
  awards: 'STRUCT(id VARCHAR, status VARCHAR, date VARCHAR, relatedBid VARCHAR, value ${money}, suppliers STRUCT(id VARCHAR, name VARCHAR)[])[]',
  buyer: 'STRUCT(id VARCHAR, name VARCHAR)'}`;
const steps: Array<[string, string, string]> = [
  ['typed read into a table', 'releases', `create temp table releases as select * from read_json($file, format = 'newline_delimited', columns = ${columns})`],
  ['release texts stored', 'release_texts', `create table release_texts as select raw from read_csv($file, columns = {'raw': 'VARCHAR'}, delim = '\\x01', quote = '', escape = '', header = false, auto_detect = false, new_line = '\\n', max_line_size = 3000000)`],
  ['tenders', 'flat_tenders', `create table flat_tenders as select ocid as id, tender.title as title, buyer.id as buyer_id, tender.procurementMethod as method, tender.mainProcurementCategory as category, tender.value.amount as ceiling_price, tender.tenderPeriod.startDate as announced_at, tender.tenderPeriod.endDate as bid_deadline, date as updated_at from releases`],
  ['bids (unnest)', 'flat_bids', `create table flat_bids as select ocid || '/' || bid.id as id, ocid as tender_id, bid.tenderers[1].id as bidder_id, bid.value.amount as price, bid.status as status, bid.date as submitted_at, date as updated_at from (select ocid, date, unnest(bids.details) as bid from releases)`],
  ['awards (unnest)', 'flat_awards', `create table flat_awards as select ocid || '/' || award.id as id, ocid as tender_id, award.suppliers[1].id as winner_id, award.value.amount as price, award.date as decided_on from (select ocid, date, unnest(awards) as award from releases)`],
  ['companies (unnest, one per id)', 'flat_companies', `create table flat_companies as select party.id as id, any_value(party.name) as name, any_value(party.address.streetAddress) as address, any_value(party.contactPoint.telephone) as phone, max(date) as updated_at from (select date, unnest(parties) as party from releases) group by party.id`],
];
const load = loadavg()[0]!.toFixed(2);
let releases = 0;
let cpuTotal = 0;
let wallTotal = 0;
for (const [label, table, sql] of steps) {
  const c0 = processCpuSeconds();
  const w0 = performance.now();
  // Only the reads name the file.
  await connection.run(sql, sql.includes('$file') ? { file } : undefined);
  const cpu = processCpuSeconds() - c0;
  const wall = (performance.now() - w0) / 1000;
  cpuTotal += cpu;
  wallTotal += wall;
  const rows = Number((await connection.runAndReadAll(`select count(*) from ${table}`)).getRows()[0]![0]);
  if (table === 'releases') releases = rows;
  console.log(`${label.padEnd(32)} ${cpu.toFixed(2).padStart(6)} CPU s ${wall.toFixed(2).padStart(6)} s wall  ${rows.toLocaleString('en')} rows`);
}
console.log(`${releases.toLocaleString('en')} releases: ${cpuTotal.toFixed(2)} CPU s, ${wallTotal.toFixed(2)} s wall; ${Math.round(releases / cpuTotal).toLocaleString('en')} releases per CPU second, ${Math.round(releases / wallTotal).toLocaleString('en')} per second wall (load average ${load} → ${loadavg()[0]!.toFixed(2)})`);
connection.closeSync();
instance.closeSync();
rmSync(dbPath, { force: true });
rmSync(`${dbPath}.wal`, { force: true });
