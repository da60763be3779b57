import { z } from 'zod';
import { MAX_MONEY_YUAN, bidStatuses, categories, tenderMethods, type RecordType } from '../../db/recordSchemas.ts';
import { LENIENT_NUMBERS } from '../sql/recordCheckSql.ts';
import { MAX_NESTING_DEPTH, MAX_RECORD_BYTES } from '../validateRecord.ts';

/**
 * mapOcdsRelease.ts as SQL, for the releases it can map with certainty: DuckDB parses each
 * release once (every object it reads as a MAP of JSON values, so its keys and the fields the
 * mapping leaves out are at hand). Tenders, bids and awards come out as the raw table's typed
 * columns and `_extra`, and are stored from them once the contract's checks the mapping does not
 * already guarantee pass (typedRecordChecks): no JSON line is written and parsed again. A record
 * that fails one, and every company (folded across releases, checked once per batch), comes out
 * as a JSON line and goes through the contract's SQL check (ingest/sql/recordCheckSql.ts,
 * generated from the zod schemas) like any other line, which names its dead letter. A release is
 * `sure` only where the SQL below and mapOcdsRelease.ts are sure to agree; every other release
 * (lots, planning, contracts, consortia and awards to several suppliers, OCDS 1.0 organisations
 * written in place, publisher wording for the method, numbers where text is read, escapes of NUL
 * or surrogates, repeated keys, …) is mapped by mapOcdsRelease.ts itself, which stays the
 * reference: test/ocds.sqlMapping.test.ts runs both on every fixture and compares.
 *
 * Statements, in order (one batch of releases, `seq` in ($after, $upto]): macros, then the temp
 * tables below; the last ones are what mapOcdsReleases.ts reads:
 * - `ocds_m_release`: one row per release: `sure`, and for sure ones the dead letter (code,
 *   reason) or the counts, and the tender record (typed, `fast`, or `tender_line`);
 * - `ocds_m_bid_out`, `ocds_m_award_out`: the bids and awards, typed (`fast`) or as `line`;
 * - `ocdsTypedRecords`: the typed records of the mapped releases, per type;
 * - `ocds_m_lines`: one row per record of a sure, mapped release that goes as a line: type,
 *   release seq, position in the release, JSON text, and for a company its record but for
 *   `updated_at` and `ocid` (content), its `updated_at` (version) and `ocid`, from which its line
 *   is made where it is checked (most companies are folded and never need it).
 */

/**
 * What `String.prototype.trim()` removes (ECMAScript WhiteSpace and LineTerminator) besides the
 * space, as an RE2 class. In JSON text the control characters among them can only be escapes;
 * these are the ones a release may hold as they are (a release holding one is left to JavaScript).
 */
const UNUSUAL_SPACE = '[\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';

/** All that `String.prototype.trim()` removes, for text that held escapes. */
const JS_TRIMMED = '[\\t\\n\\v\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';

/** The contract's date-time (mapOcdsRelease.ts `dateTimeWithOffset`): zod's own pattern, which RE2 reads as JavaScript does. */
const dateTimePattern = (z.iso.datetime({ offset: true, local: false }) as unknown as { _zod: { def: { pattern: RegExp } } })._zod.def.pattern.source;

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Keys mapOcdsRelease.ts reads as text (asText): a number there becomes text in JavaScript
 * (`String(1.0)` is "1"), which SQL does not imitate; such a release goes to JavaScript.
 */
const TEXT_KEYS = ['ocid', 'date', 'id', 'name', 'legalName', 'scheme', 'streetAddress', 'locality', 'region', 'telephone', 'email', 'roles', 'title', 'description', 'status', 'startDate', 'endDate', 'currency', 'relatedBid', 'relatedBids'];
const NUMBER_AS_TEXT = `"(${TEXT_KEYS.join('|')})"\\s*:\\s*(\\[(\\s*"(?:[^"\\\\]|\\\\.)*"\\s*,)*)?\\s*-?[0-9]`;

/** Organisation fields that make a reference an organisation in place (OCDS 1.0), or give it its own identifier. */
const ORGANISATION_IN_PLACE = '"(identifier|additionalIdentifiers|address|contactPoint)"\\s*:';

/**
 * One pass over each release's text for what SQL leaves to JavaScript: escapes of NUL or of a
 * UTF-16 surrogate (JavaScript keeps a lone one, DuckDB cannot), trailing commas (yyjson
 * reads `[1,]`), NaN and Infinity, unusual spaces (trim), a bare `CN-USCC-` id (empty once the
 * prefix is removed), numbers where text is read.
 */
const SCREEN = ['\\\\u(0000|[dD][89a-fA-F])', ',\\s*[\\]}]', '[:\\[,]\\s*[-+]?(?i:nan|inf)', UNUSUAL_SPACE, 'CN-USCC-(?:\\s|\\\\u[0-9a-fA-F]{4}|\\\\[^u"])*"', NUMBER_AS_TEXT].map((p) => `(?:${p})`).join('|');

const macros = [
  // JavaScript's trim() also removes other spaces; a release holding any of them is screened out (UNUSUAL_SPACE), so trim() suffices.
  `create or replace temp macro ocds_trim(s) as trim(s)`,
  // JSON values as DuckDB writes them (minified), their type by the first character; a string's
  // text between its quotes unless it holds an escape: no second parse of most values.
  `create or replace temp macro ocds_is_text(j) as starts_with(j::varchar, '"')`,
  // With an escape, the text may hold any of trim()'s characters (an escaped tab, \u3000): trimmed by the full class.
  `create or replace temp macro ocds_text(j) as case when ocds_is_text(j) then nullif(case when contains(j::varchar, '\\')
      then regexp_replace(j ->> '$', ${quote(`^${JS_TRIMMED}+|${JS_TRIMMED}+$`)}, '', 'g')
      else ocds_trim(substr(j::varchar, 2, length(j::varchar) - 2)) end, '') end`,
  `create or replace temp macro ocds_obj(j) as case when starts_with(j::varchar, '{') then json_transform(j, '"MAP(VARCHAR, JSON)"') end`,
  `create or replace temp macro ocds_items(j) as case when starts_with(j::varchar, '[') then json_transform(j, '["JSON"]') else []::json[] end`,
  `create or replace temp macro ocds_objects(j) as list_filter(ocds_items(j), x -> starts_with(x::varchar, '{'))`,
  `create or replace temp macro ocds_texts(j) as list_filter(list_transform(ocds_items(j), x -> ocds_text(x)), x -> x is not null)`,
  `create or replace temp macro ocds_unique(m) as m is null or cardinality(m) = len(list_distinct(map_keys(m)))`,
  `create or replace temp macro ocds_kv(k, v) as {'key': k, 'value': v::json}`,
  `create or replace temp macro ocds_entries(m, mapped) as case when m is null then [] else list_filter(map_entries(m), e -> e.value is not null and not list_contains(mapped::varchar[], e.key)) end`,
  // compact(): a JSON object of the entries whose value is not null; unmapped(): null when none is left.
  // Written as text, not through a MAP: no check for unique keys (a release with repeated keys is not sure, but is still computed).
  `create or replace temp macro ocds_join(entries) as ('{' || array_to_string(list_transform(entries, e -> to_json(e.key)::varchar || ':' || e.value::varchar), ',') || '}')::json`,
  `create or replace temp macro ocds_object(entries) as ocds_join(list_filter(entries, e -> e.value is not null))`,
  `create or replace temp macro ocds_object_or_null(entries) as case when len(list_filter(entries, e -> e.value is not null)) > 0 then ocds_object(entries) end`,
  `create or replace temp macro ocds_rest(m, mapped) as case when len(ocds_entries(m, mapped)) > 0 then ocds_join(ocds_entries(m, mapped)) end`,
  `create or replace temp macro ocds_strip_uscc(id) as case when starts_with(id, 'CN-USCC-') then substr(id, 9) else id end`,
  `create or replace temp macro ocds_date_ok(s) as regexp_matches(s, ${quote(dateTimePattern)})`,
  // An OrganizationReference (no identifier of its own: checked by the caller) → company id: through the parties, else its id.
  `create or replace temp macro ocds_ref_text(id, pm) as case when id is not null then coalesce(pm[id], ocds_strip_uscc(id)) end`,
  // A date-time as dateTime() reads it, from its text (ocds_text), and the same text under its field when it is not one.
  `create or replace temp macro ocds_datetime_text(t) as case when ocds_date_ok(t) then t end`,
  `create or replace temp macro ocds_unconverted_text(t, field) as case when t is not null and not ocds_date_ok(t) then ocds_kv(field, to_json(t)) end`,
  `create or replace temp macro ocds_ref(m, pm) as case when ocds_text(m['id']) is not null then coalesce(pm[ocds_text(m['id'])], ocds_strip_uscc(ocds_text(m['id']))) end`,
  // money(): the amount as published when CNY and ≥ 0, else null with amount and currency kept.
  `create or replace temp macro ocds_amount_is_number(m) as regexp_matches(m['amount']::varchar, '^-?[0-9]')`,
  `create or replace temp macro ocds_is_yuan(m) as coalesce(ocds_amount_is_number(m) and ocds_text(m['currency']) = 'CNY' and m['amount']::double >= 0, false)`,
  `create or replace temp macro ocds_yuan(m) as case when ocds_is_yuan(m) then m['amount'] end`,
  `create or replace temp macro ocds_money_extra(m) as case when m is null then [] else list_concat(
      [ocds_kv('ocds_value', ocds_rest(m, ['amount', 'currency']))],
      case when ocds_is_yuan(m) then []
           when ocds_amount_is_number(m) then [ocds_kv('amount', m['amount']), ocds_kv('currency', to_json(ocds_text(m['currency'])))]
           else [ocds_kv('currency', to_json(ocds_text(m['currency'])))] end) end`,
  `create or replace temp macro ocds_no_currency(m) as coalesce(ocds_amount_is_number(m) and not ocds_is_yuan(m) and ocds_text(m['currency']) is null, false)::integer`,
  `create or replace temp macro ocds_non_cny(m) as coalesce(ocds_amount_is_number(m) and ocds_text(m['currency']) <> 'CNY', false)::integer`,
  // SQL keeps the published amount, JavaScript rounds to the fen: sure only when rounding changes nothing (and not for -0, an infinity).
  // An amount that is null or absent (real data: {"currency":"PYG","amount":null}) is no number: sure, not unknown (NULL).
  `create or replace temp macro ocds_money_sure(m) as m is null or (ocds_unique(m) and (not coalesce(ocds_amount_is_number(m), false) or (isfinite(m['amount']::double)
      and (not ocds_is_yuan(m) or (round(m['amount']::double * 100) / 100 = m['amount']::double and not starts_with(m['amount']::varchar, '-'))))))`,
  // dateTime(): valid text, or null with the text under its field in ocds_unconverted.
  `create or replace temp macro ocds_datetime(j) as case when ocds_date_ok(ocds_text(j)) then ocds_text(j) end`,
  `create or replace temp macro ocds_unconverted(j, field) as case when ocds_text(j) is not null and not ocds_date_ok(ocds_text(j)) then ocds_kv(field, to_json(ocds_text(j))) end`,
];

/**
 * What the contract (db/recordSchemas.ts) asks of a tender, bid or award the statements below
 * map, beyond what the mapping guarantees by construction (ids trimmed by ocds_text, dates
 * checked by zod's own pattern, enums from their lists, money ≥ 0 in whole cents: ocds_money_sure):
 * the record is then stored from its typed columns without being written as JSON and read again
 * (recordCheckSql.ts). Where any of these fails, the record goes as a JSON line through the
 * contract's check after all, which names its dead letter. The checks, as validateRecord.ts
 * makes them:
 * - the release holds no escape (plain), so a text's JSON is the text in quotes, and JSON.parse
 *   reads it as DuckDB did; without escapes and unusual spaces (screened out), trim() removes
 *   only spaces;
 * - ids non-empty and trimmed: an id made from `CN-USCC- x` keeps its space here, zod trims it;
 * - money at most MAX_MONEY_YUAN (out_of_range);
 * - the record well under MAX_RECORD_BYTES (too_large), its extra fields under MAX_NESTING_DEPTH
 *   (too_deep, counted as recordCheckSql.ts counts) and without numbers JSON.parse reads
 *   otherwise (LENIENT_NUMBERS).
 * The tender's period check is added where the tender is mapped.
 */
function typedRecordChecks(columns: { ids: string[]; optionalIds?: string[]; idLists: string[]; money: string[]; texts: string[] }): string {
  const idOk = (c: string) => `(length(${c}) > 0 and ${c} = trim(${c}))`;
  const extra = 'extra::varchar';
  return [
    'plain',
    ...columns.ids.map((c) => `coalesce(${idOk(c)}, false)`),
    ...(columns.optionalIds ?? []).map((c) => `(${c} is null or ${idOk(c)})`),
    ...columns.idLists.map((c) => `(${c} is null or coalesce(list_bool_and(list_transform(${c}, x -> coalesce(${idOk('x')}, false))), false))`),
    ...columns.money.map((c) => `(${c} is null or ${c} <= ${MAX_MONEY_YUAN})`),
    `strlen(${extra}) + ${columns.texts.map((c) => `coalesce(strlen(${c}), 0)`).join(' + ')} + 1000 < ${MAX_RECORD_BYTES / 2}`,
    `strlen(${extra}) - strlen(replace(replace(${extra}, '{', ''), '[', '')) <= ${MAX_NESTING_DEPTH}`,
    `not regexp_matches(${extra}, ${quote(LENIENT_NUMBERS)})`,
  ].join('\n                  and ');
}

/**
 * The tenders, bids and awards of the releases SQL mapped whose records passed typedRecordChecks:
 * per type a query of (seq, position: as in ocds_m_lines) and the raw table's columns as
 * recordCheckSql.ts stages them (`_extra` JSON), for SqlRecordLoader to merge beside the lines.
 */
export const ocdsTypedRecords: Partial<Record<RecordType, string>> = {
  tenders: `select seq, 1 as position, id, title, buyer_id, agency_id, method, category, estimated_value, announced_at, bid_deadline, updated_at, extra as _extra
            from ocds_m_release where fast`,
  bids: `select bid.seq, bid.idx as position, bid.id, bid.tender_id, bid.bidder_id, bid.consortium_ids, bid.price, bid.submitted_at, bid.status, bid.updated_at, bid.extra as _extra
         from ocds_m_bid_out as bid
         inner join ocds_m_release as release on release.seq = bid.seq
         where bid.fast and release.mapped`,
  awards: `select award.seq, award.idx as position, award.id, award.tender_id, award.winner_id, award.price, award.decided_at, award.updated_at, award.extra as _extra
           from ocds_m_award_out as award
           inner join ocds_m_release as release on release.seq = award.seq
           where award.fast and release.mapped`,
};

/** The statements that map one batch (`$after`, `$upto`: seq bounds) into ocds_m_release and ocds_m_lines. */
/**
 * CTEs `lists`, `items` and `maps` for one list of objects in each clean release (bids.details, awards): one row per
 * object, in order (`idx`), parsed as `alias`, beside the release's party map `pm` (ocds_m_party_map).
 */
function objectsWithPartyMap(listExpression: string, alias: string): string {
  return `lists as materialized (
         select seq, ocds_objects(${listExpression}) as objects from ocds_m_rel where clean
     ),

     items as (
         select seq, unnest(objects) as object_json, generate_subscripts(objects, 1) as idx from lists
     ),

     maps as (
         select items.seq, items.idx, ocds_obj(items.object_json) as ${alias}, map.pm
         from items
         left join ocds_m_party_map as map on map.seq = items.seq
     )`;
}

export function ocdsMappingStatements(): string[] {
  return [
    ...macros,
    // grain: one row per release (the text is parsed here once and not kept: the few releases that
    // need it, dead letters and JavaScript's, read raw_ocds_releases again)
    `create or replace temp table ocds_m_rel as
     with input as (
         select seq, source, release::varchar as text
         from raw_ocds_releases
         where seq > $after and seq <= $upto
     ),

     screened as (
         -- what DuckDB and JSON.parse might read differently (escapes, repeated keys below, trailing
         -- commas) or mapOcdsRelease reads as text where a number stands: JavaScript maps those
         select seq, source, text,
                $map_in_sql and not (contains(text, '__proto__') or contains(text, chr(0)) or contains(text, chr(65279))
                     or regexp_matches(text, ${quote(SCREEN)})) as clean
         from input
     ),

     parsed as (
         select seq, source, clean, case when clean then ocds_obj(text::json) end as r,
                -- no escape anywhere: every text the records hold is its JSON text but for the quotes (typedRecordChecks)
                not contains(text, '\\') as plain
         from screened
     ),

     parts as (
         select seq, source, clean, r, plain,
                ocds_text(r['ocid']) as ocid, ocds_text(r['date']) as updated_at,
                ocds_obj(r['tender']) as tender, ocds_obj(r['buyer']) as buyer, ocds_obj(r['bids']) as bids
         from parsed
     )

     select *, ocds_obj(tender['tenderPeriod']) as period, ocds_obj(tender['procuringEntity']) as procuring_entity,
            ocds_obj(tender['value']) as tender_value
     from parts`,
    // grain: one row per party (an object in parties[]), in order
    `create or replace temp table ocds_m_party as
     with lists as materialized (
         select seq, ocds_objects(r['parties']) as parties from ocds_m_rel where clean
     ),

     items as materialized (
         select seq, unnest(parties)::varchar as party_text, generate_subscripts(parties, 1) as idx from lists
     ),

     -- a company is the same party in release after release: each distinct party is read once
     maps as (
         select party_text, ocds_obj(party_text::json) as p from (select distinct party_text from items)
     ),

     fields as materialized (
         select party_text, p, ocds_obj(p['identifier']) as ident, ocds_obj(p['address']) as addr, ocds_obj(p['contactPoint']) as contact,
                ocds_text(p['id']) as party_id
         from maps
     ),

     named as materialized (
         select *,
                coalesce(
                    case when ocds_text(ident['scheme']) = 'CN-USCC' then ocds_text(ident['id']) end,
                    case when ocds_text(ident['id']) is not null then coalesce(ocds_text(ident['scheme']) || '-', '') || ocds_text(ident['id']) end,
                    ocds_strip_uscc(party_id)
                ) as company_id,
                coalesce(ocds_text(p['name']), ocds_text(ident['legalName'])) as name,
                ocds_texts(p['roles']) as roles,
                list_filter([ocds_text(addr['region']), ocds_text(addr['locality']), ocds_text(addr['streetAddress'])], x -> x is not null) as address_parts
         from fields
     ),

     kept as (
         select *,
                ocds_unique(p) and ocds_unique(ident) and ocds_unique(addr) and ocds_unique(contact) and p['additionalIdentifiers'] is null as sure,
                list_filter(address_parts, (part, i) -> not coalesce(list_bool_or(list_transform(address_parts[i + 1:], later -> contains(later, part))), false)) as address_kept
         from named
     ),

     described as (
         -- the company record but for updated_at and ocid, which come from the release
         select party_text, party_id, company_id, name, roles, sure,
                case when company_id is not null and name is not null then ocds_object([
                    ocds_kv('id', to_json(company_id)),
                    ocds_kv('name', to_json(name)),
                    ocds_kv('address', to_json(case when len(address_kept) > 0
                        then case when list_bool_or(list_transform(address_kept, x -> regexp_matches(x, '\\p{Han}')))
                             then array_to_string(address_kept, '') else array_to_string(address_kept, ', ') end end)),
                    ocds_kv('phone', to_json(ocds_text(contact['telephone']))),
                    ocds_kv('email', to_json(ocds_text(contact['email']))),
                    ocds_kv('ocds_roles', case when len(roles) > 0 then to_json(roles) end),
                    ocds_kv('ocds_party', ocds_object(ocds_entries(p, ['name', 'address', 'contactPoint', 'roles']) || [
                        ocds_kv('address', ocds_rest(addr, ['streetAddress', 'locality', 'region'])),
                        ocds_kv('contactPoint', ocds_rest(contact, ['telephone', 'email']))
                    ]))
                ])::varchar end as company
         from kept
     )

     select items.seq, items.idx, described.* exclude (party_text)
     from items
     inner join described on described.party_text = items.party_text`,
    // grain: one row per release with parties: the party id → company id lookup, the first buyer by role
    `create or replace temp table ocds_m_party_map as
     with numbered as (
         select *, row_number() over (partition by seq, party_id order by idx desc) as from_last
         from ocds_m_party
     )

     select seq,
            -- a repeated party id: the last one counts (Map.set), and the release is not sure
            map_from_entries(list({'key': party_id, 'value': company_id}) filter (where party_id is not null and company_id is not null and from_last = 1)) as pm,
            bool_and(sure) and count(party_id) filter (where company_id is not null) = count(distinct party_id) filter (where company_id is not null) as sure,
            arg_min_null(company_id, idx) filter (where list_contains(roles, 'buyer')) as buyer_by_role
     from numbered
     group by seq`,
    // grain: one row per bid (an object in bids.details[]), in order
    `create or replace temp table ocds_m_bid as
     with ${objectsWithPartyMap("bids['details']", 'd')},

     tenderers as (
         -- each text read once here (ocds_text expands where it is used)
         select *, list_transform(ocds_objects(d['tenderers']), t -> ocds_obj(t)) as tenderer_maps, ocds_obj(d['value']) as value_map,
                ocds_text(d['id']) as id_text, ocds_text(d['date']) as date_text
         from maps
     )

     select seq, idx, d, value_map, id_text, date_text,
            ocds_text(d['status']) as status,
            list_filter(list_transform(list_transform(tenderer_maps, t -> ocds_text(t['id'])), id -> ocds_ref_text(id, pm)), id -> id is not null) as tenderer_ids,
            ocds_unique(d) and list_bool_and(list_transform(tenderer_maps, t -> ocds_unique(t))) is not false
              and not regexp_matches(coalesce(d['tenderers']::varchar, ''), ${quote(ORGANISATION_IN_PLACE)})
              and ocds_money_sure(value_map) as sure
     from tenderers`,
    // grain: one row per award (an object in awards[]), in order
    `create or replace temp table ocds_m_award as
     with ${objectsWithPartyMap("r['awards']", 'a')},

     suppliers as (
         select *, list_transform(ocds_objects(a['suppliers']), s -> ocds_obj(s)) as supplier_maps, ocds_obj(a['value']) as value_map,
                ocds_text(a['id']) as id_text, ocds_text(a['date']) as date_text
         from maps
     )

     select seq, idx, a, value_map, id_text, date_text,
            ocds_text(a['status']) as status,
            list_filter(list_transform(list_transform(supplier_maps, s -> ocds_text(s['id'])), id -> ocds_ref_text(id, pm)), id -> id is not null) as supplier_ids,
            list_concat(list_filter([ocds_text(a['relatedBid'])], x -> x is not null), ocds_texts(a['relatedBids'])) as related_bids,
            ocds_unique(a) and list_bool_and(list_transform(supplier_maps, s -> ocds_unique(s))) is not false
              and not regexp_matches(coalesce(a['suppliers']::varchar, ''), ${quote(ORGANISATION_IN_PLACE)})
              and ocds_money_sure(value_map) as sure
     from suppliers`,
    // grain: one row per bid of a release: mapped (a valid, disqualified or withdrawn bid with a tenderer) or skipped;
    // a mapped bid as the raw table's columns, checked (fast), and as a JSON line where not
    `create or replace temp table ocds_m_bid_out as
     with rel as (select seq, ocid, updated_at, plain from ocds_m_rel where clean),

     typed as (
         select bid.seq, bid.idx, bid.sure, bid.d, bid.value_map, rel.plain,
                coalesce(bid.status in (${bidStatuses.map(quote).join(', ')}) and len(bid.tenderer_ids) > 0, false) as mapped,
                (ocds_no_currency(bid.value_map) + 0) as no_currency, ocds_non_cny(bid.value_map) as non_cny,
                ocds_unconverted_text(bid.date_text, 'bids.details.date') as unconverted_entry,
                rel.ocid || '/bid/' || coalesce(bid.id_text, '#' || bid.idx) as id,
                rel.ocid as tender_id,
                bid.tenderer_ids[1] as bidder_id,
                case when len(bid.tenderer_ids) > 1 then bid.tenderer_ids[2:] end as consortium,
                ocds_yuan(bid.value_map) as price_json,
                ocds_datetime_text(bid.date_text) as submitted_at,
                bid.status,
                rel.updated_at,
                [ocds_kv('ocid', to_json(rel.ocid)),
                 -- unconverted_entry: the column above (DuckDB reads an alias of the same select list)
                 ocds_kv('ocds_unconverted', case when unconverted_entry is not null then ocds_join([unconverted_entry]) end),
                 ocds_kv('ocds_bid', ocds_rest(bid.d, ['status', 'tenderers', 'value', 'date', 'relatedLots']))
                ] || ocds_money_extra(bid.value_map) as extra_entries
         from ocds_m_bid as bid
         inner join rel on rel.seq = bid.seq
     ),

     checked as (
         select *, ocds_object(extra_entries) as extra, price_json::double as price
         from typed
     ),

     fast as (
         select *,
                mapped and ${typedRecordChecks({ ids: ['id', 'tender_id', 'bidder_id'], idLists: ['consortium'], money: ['price'], texts: ['id', 'tender_id', 'bidder_id', 'submitted_at', 'status', 'updated_at'] })} as fast
         from checked
     )

     select seq, idx, sure, mapped, no_currency, non_cny, (unconverted_entry is not null)::integer as unconverted,
            id, tender_id, bidder_id, to_json(consortium) as consortium_ids, price, submitted_at, status, updated_at, extra, fast,
            case when mapped and not fast then ocds_object([
                ocds_kv('id', to_json(id)),
                ocds_kv('tender_id', to_json(tender_id)),
                ocds_kv('bidder_id', to_json(bidder_id)),
                ocds_kv('consortium_ids', to_json(consortium)),
                ocds_kv('price', price_json),
                ocds_kv('submitted_at', to_json(submitted_at)),
                ocds_kv('status', to_json(status)),
                ocds_kv('updated_at', to_json(updated_at))
            ] || extra_entries) end as line,
            case when not mapped then to_json(d) end as original
     from fast`,
    // grain: one row per award of a release: mapped (one supplier, not cancelled or unsuccessful) or skipped;
    // a mapped award as the raw table's columns, checked (fast), and as a JSON line where not
    `create or replace temp table ocds_m_award_out as
     with rel as (select seq, ocid, updated_at, plain from ocds_m_rel where clean),

     typed as (
         select award.seq, award.idx, award.a, award.value_map, rel.plain,
                -- several suppliers (a consortium, or one value for several) are JavaScript's
                award.sure and (len(award.supplier_ids) < 2 or award.status in ('cancelled', 'unsuccessful')) as sure,
                award.status is distinct from 'cancelled' and award.status is distinct from 'unsuccessful' and len(award.supplier_ids) > 0 as mapped,
                ocds_no_currency(award.value_map) as no_currency, ocds_non_cny(award.value_map) as non_cny,
                ocds_unconverted_text(award.date_text, 'awards.date') as unconverted_entry,
                rel.ocid || '/award/' || coalesce(award.id_text, '#' || award.idx) as id,
                rel.ocid as tender_id,
                award.supplier_ids[1] as winner_id,
                ocds_yuan(award.value_map) as price_json,
                ocds_datetime_text(award.date_text) as decided_at,
                rel.updated_at,
                [ocds_kv('related_bid_ids', case when len(award.related_bids) > 0
                     then to_json(list_transform(award.related_bids, id -> rel.ocid || '/bid/' || id)) end),
                 ocds_kv('ocid', to_json(rel.ocid)),
                 -- unconverted_entry: the column above (DuckDB reads an alias of the same select list)
                 ocds_kv('ocds_unconverted', case when unconverted_entry is not null then ocds_join([unconverted_entry]) end),
                 ocds_kv('ocds_award', ocds_rest(award.a, ['suppliers', 'value', 'date', 'relatedBid', 'relatedBids']))
                ] || ocds_money_extra(award.value_map) as extra_entries
         from ocds_m_award as award
         inner join rel on rel.seq = award.seq
     ),

     checked as (
         select *, ocds_object(extra_entries) as extra, price_json::double as price
         from typed
     ),

     fast as (
         select *,
                mapped and ${typedRecordChecks({ ids: ['id', 'tender_id', 'winner_id'], idLists: [], money: ['price'], texts: ['id', 'tender_id', 'winner_id', 'decided_at', 'updated_at'] })} as fast
         from checked
     )

     select seq, idx, sure, mapped, no_currency, non_cny, (unconverted_entry is not null)::integer as unconverted,
            id, tender_id, winner_id, price, decided_at, updated_at, extra, fast,
            case when mapped and not fast then ocds_object([
                ocds_kv('id', to_json(id)),
                ocds_kv('tender_id', to_json(tender_id)),
                ocds_kv('winner_id', to_json(winner_id)),
                ocds_kv('price', price_json),
                ocds_kv('decided_at', to_json(decided_at)),
                ocds_kv('updated_at', to_json(updated_at))
            ] || extra_entries) end as line,
            case when not mapped then to_json(a) end as original
     from fast`,
    // grain: one row per release: sure or not, the dead letter or the tender record and the counts
    `create or replace temp table ocds_m_release as
     with bids as (
         select seq, bool_and(sure) as sure, count(*) filter (where not mapped) as skipped,
                sum(no_currency) filter (where mapped) as no_currency, sum(non_cny) filter (where mapped) as non_cny,
                sum(unconverted) filter (where mapped) as unconverted,
                list(original order by idx) filter (where not mapped) as unmapped
         from ocds_m_bid_out
         group by seq
     ),

     awards as (
         select seq, bool_and(sure) as sure, count(*) filter (where not mapped) as skipped,
                sum(no_currency) filter (where mapped) as no_currency, sum(non_cny) filter (where mapped) as non_cny,
                sum(unconverted) filter (where mapped) as unconverted,
                list(original order by idx) filter (where not mapped) as unmapped
         from ocds_m_award_out
         group by seq
     ),

     joined as (
         select rel.*, map.pm, coalesce(map.sure, true) as parties_sure,
                coalesce(ocds_ref(rel.buyer, map.pm), map.buyer_by_role) as buyer_id,
                ocds_ref(rel.procuring_entity, map.pm) as agency,
                coalesce(bids.sure, true) and coalesce(awards.sure, true) as lists_sure,
                coalesce(bids.skipped, 0) as skipped_bids, coalesce(awards.skipped, 0) as skipped_awards,
                coalesce(bids.no_currency, 0) + coalesce(awards.no_currency, 0) as no_currency,
                coalesce(bids.non_cny, 0) + coalesce(awards.non_cny, 0) as non_cny,
                coalesce(bids.unconverted, 0) + coalesce(awards.unconverted, 0) as unconverted_lists,
                bids.unmapped as unmapped_bids, awards.unmapped as unmapped_awards
         from ocds_m_rel as rel
         left join ocds_m_party_map as map on map.seq = rel.seq
         left join bids on bids.seq = rel.seq
         left join awards on awards.seq = rel.seq
         where rel.clean
     ),

     tender as (
         select *,
                ocds_text(period['startDate']) as start_text, ocds_text(period['endDate']) as end_text,
                ocds_datetime(period['startDate']) as start_ok, ocds_datetime(period['endDate']) as end_ok,
                ocds_text(tender['procurementMethodDetails']) as details,
                case when ocds_is_text(tender['procurementMethod']) then substr(tender['procurementMethod']::varchar, 2, length(tender['procurementMethod']::varchar) - 2) end as method_code,
                tender['mainProcurementCategory'] as category_json
         from joined
     ),

     period as (
         select *,
                coalesce(epoch_ms(try_cast(end_ok as timestamptz)) < epoch_ms(try_cast(start_ok as timestamptz)), false) as end_before_start,
                case when details in (${tenderMethods.map(quote).join(', ')}) then details
                     when method_code = 'open' then 'open' when method_code = 'selective' then 'invited' when method_code = 'direct' then 'direct' end as method,
                case when category_json::varchar in (${categories.map((c) => quote(JSON.stringify(c))).join(', ')}) then category_json ->> '$' end as category
         from tender
     ),

     checked as (
         select *,
                -- what only JavaScript maps, or where SQL cannot be sure to read as JavaScript does
                ocds_unique(r) and ocds_unique(tender) and ocds_unique(buyer) and ocds_unique(bids) and ocds_unique(period) and ocds_unique(procuring_entity)
                and ocid is not null
                and tender is not null and tender['lots'] is null and r['planning'] is null and r['contracts'] is null
                and (buyer is null or list_has_all(['id', 'name'], map_keys(buyer)))
                and (procuring_entity is null or list_has_all(['id', 'name'], map_keys(procuring_entity)))
                and not regexp_matches(coalesce(tender['tenderers']::varchar, ''), ${quote(ORGANISATION_IN_PLACE)})
                and (details is null or details in (${tenderMethods.map(quote).join(', ')}))
                and (method_code is null or method_code in ('open', 'selective', 'limited', 'direct'))
                and (category_json is null or ocds_is_text(category_json))
                and (start_ok is null or end_ok is null or (try_cast(start_ok as timestamptz) is not null and try_cast(end_ok as timestamptz) is not null
                     and not regexp_matches(start_ok || end_ok, '\\.[0-9]{4}')))
                and ocds_money_sure(tender_value)
                and parties_sure and lists_sure as sure
         from period
     ),

     typed as (
         select seq, source, sure, plain,
                case when updated_at is null or not ocds_date_ok(updated_at) then 'ocds_no_date'
                     when buyer_id is null then 'ocds_no_buyer' end as code,
                case when updated_at is null then 'the release has no date: it is the version of every record mapped from the release (latest wins)'
                     when not ocds_date_ok(updated_at) then 'release date "' || updated_at || '" is not a date-time with offset: it is the version of every record mapped from the release'
                     when buyer_id is null then 'release ' || ocid || ' names no buyer (buyer, or a party with role "buyer"): every tender and contract needs one' end as reason,
                ocid, updated_at, buyer_id,
                (method is null)::integer as unknown_methods, (category is null)::integer as unknown_categories,
                no_currency + ocds_no_currency(tender_value) as no_currency, non_cny + ocds_non_cny(tender_value) as non_cny,
                unconverted_lists + (ocds_unconverted(period['startDate'], 'x') is not null)::integer + (ocds_unconverted(period['endDate'], 'x') is not null)::integer
                  + end_before_start::integer as unconverted_dates,
                skipped_bids, skipped_awards,
                -- the tender record
                ocid as id,
                coalesce(ocds_text(tender['title']), ocds_text(tender['description']), ocid) as title,
                case when agency <> buyer_id then agency end as agency_id,
                method, category,
                case when not end_before_start then start_ok end as announced_at,
                case when not end_before_start then end_ok end as bid_deadline,
                ocds_yuan(tender_value) as estimated_value_json,
                [ocds_kv('ocid', to_json(ocid)),
                 ocds_kv('ocds_unconverted', ocds_object_or_null([
                     ocds_unconverted(period['startDate'], 'tender.tenderPeriod.startDate'),
                     ocds_unconverted(period['endDate'], 'tender.tenderPeriod.endDate'),
                     case when end_before_start then ocds_kv('tender.tenderPeriod', to_json({'startDate': start_ok, 'endDate': end_ok, 'problem': 'end before start'})) end
                 ])),
                 ocds_kv('ocds_tender', ocds_object(
                     ocds_entries(tender, ['title', 'mainProcurementCategory', 'tenderPeriod', 'value', 'procuringEntity', 'lots'])
                     || [ocds_kv('tenderPeriod', ocds_rest(period, ['startDate', 'endDate']))])),
                 ocds_kv('ocds_release', ocds_object_or_null(
                     ocds_entries(r, ['ocid', 'date', 'parties', 'buyer', 'tender', 'bids', 'awards', 'contracts', 'planning'])
                     || [ocds_kv('bids', ocds_rest(bids, ['details']))])),
                 ocds_kv('ocds_unmapped', ocds_object_or_null([
                     ocds_kv('bids', to_json(unmapped_bids)),
                     ocds_kv('awards', to_json(unmapped_awards))
                 ]))
                ] || ocds_money_extra(tender_value) as extra_entries
         from checked
     ),

     extra as (
         select *, sure and code is null as mapped,
                case when sure and code is null then ocds_object(extra_entries) end as extra,
                estimated_value_json::double as estimated_value
         from typed
     ),

     fast as (
         select *,
                mapped and ${typedRecordChecks({ ids: ['id', 'buyer_id'], optionalIds: ['agency_id'], idLists: [], money: ['estimated_value'], texts: ['id', 'title', 'buyer_id', 'agency_id', 'method', 'category', 'announced_at', 'bid_deadline', 'updated_at'] })}
                  and length(title) > 0
                  and (announced_at is null or bid_deadline is null or not coalesce(try_cast(bid_deadline as timestamptz) < try_cast(announced_at as timestamptz), true)) as fast
         from extra
     )

     select * exclude (extra_entries, estimated_value_json, plain),
            case when mapped and not fast then ocds_object([
                ocds_kv('id', to_json(id)),
                ocds_kv('title', to_json(title)),
                ocds_kv('buyer_id', to_json(buyer_id)),
                ocds_kv('agency_id', to_json(agency_id)),
                ocds_kv('method', to_json(method)),
                ocds_kv('category', to_json(category)),
                ocds_kv('announced_at', to_json(announced_at)),
                ocds_kv('bid_deadline', to_json(bid_deadline)),
                ocds_kv('updated_at', to_json(updated_at)),
                ocds_kv('estimated_value', estimated_value_json)
            ] || extra_entries) end as tender_line
     from fast`,
    // grain: one row per record of a sure, mapped release; (seq, position) is mapOcdsRelease's order within each type
    `create or replace temp table ocds_m_lines as
     with mapped as (
         select seq, ocid, updated_at from ocds_m_release where sure and code is null
     ),

     companies as (
         -- the line (updated_at and ocid, then the company) is made only where it is checked (mapOcdsReleases.ts lineOf)
         select party.seq, party.idx as position, null::varchar as line, party.company_id, party.company as content
         from ocds_m_party as party
         inner join mapped on mapped.seq = party.seq
         where party.company is not null
         qualify row_number() over (partition by party.seq, party.company_id order by party.idx) = 1
     )

     select 'companies' as type, companies.seq, position, line, company_id, content, mapped.updated_at as version, mapped.ocid
     from companies inner join mapped on mapped.seq = companies.seq
     union all
     -- tenders, bids and awards SQL could not check typed (typedRecords): as lines, through the contract's check
     select 'tenders', release.seq, 1, release.tender_line::varchar, null, null, null, null from ocds_m_release as release where release.tender_line is not null
     union all
     select 'bids', bid.seq, bid.idx, bid.line::varchar, null, null, null, null from ocds_m_bid_out as bid inner join mapped on mapped.seq = bid.seq where bid.line is not null
     union all
     select 'awards', award.seq, award.idx, award.line::varchar, null, null, null, null from ocds_m_award_out as award inner join mapped on mapped.seq = award.seq where award.line is not null`,
  ];
}

/** The scratch tables the statements leave behind, dropped after each batch. */
export const ocdsMappingTables = ['ocds_m_rel', 'ocds_m_party', 'ocds_m_party_map', 'ocds_m_bid', 'ocds_m_award', 'ocds_m_bid_out', 'ocds_m_award_out', 'ocds_m_release', 'ocds_m_lines'];

