/**
 * The paths of an OCDS compiled release that the stg_ocds_* models (and so Cardinal's 11 indicators)
 * read, as a DuckDB JSON-transform structure: objects become STRUCTs, arrays LISTs, and every leaf
 * stays JSON so its JSON type survives (a numeric id is not a string id, `1.0` is not `1`).
 * Where a release has another type than the structure expects (a string `tender`, an object
 * `awards`), DuckDB's lenient transform gives NULL there and keeps the rest of the release, which
 * is what "a field counts only if it has its JSON type" asks (docs/cardinal-semantics.md,
 * "Input"); an array element of the wrong type keeps its position.
 *
 * One structure for every reading path: DuckDB's NDJSON reader takes it as `columns`, and
 * `json_transform` applies it to a release already held as JSON, so `raw_ocds_release_fields` is the
 * same whichever way the file was read.
 */
export const ocdsReleaseFields = {
  ocid: 'JSON',
  tender: `STRUCT(
    status JSON, procurementMethod JSON, procurementMethodDetails JSON,
    tenderPeriod STRUCT(startDate JSON, endDate JSON),
    numberOfTenderers JSON,
    procuringEntity STRUCT(id JSON))`,
  buyer: 'STRUCT(id JSON)',
  awards: `STRUCT(
    status JSON,
    suppliers STRUCT(id JSON)[],
    items STRUCT(classification STRUCT(id JSON))[])[]`,
  bids: `STRUCT(details STRUCT(
    status JSON, date JSON,
    value STRUCT(amount JSON, currency JSON),
    tenderers STRUCT(id JSON)[])[])`,
} as const;

/** The paths of ocdsReleaseFields under the release (all but its ocid), as read before they are typed. */
export const ocdsReleasePathNames = Object.keys(ocdsReleaseFields).filter((name) => name !== 'ocid');

/**
 * Whether a JSON leaf is a JSON string. A leaf read as JSON is the parser's value written back
 * minified (DuckDB writes it with yyjson), so a string is exactly a text that starts with a quote:
 * testing that character instead of `json_type` spares parsing the leaf again (100k releases: the
 * typed read 3.4 → 3.0 CPU s, same rows).
 */
const isJsonString = (leaf: string) => `starts_with(${leaf}::varchar, '"')`;

/** A string leaf's value: the text inside the quotes, unless it holds an escape, which `->>` decodes. */
const jsonStringValue = (leaf: string) => `case when contains(${leaf}::varchar, '\\') then ${leaf} ->> '$' else (${leaf}::varchar)[2:-2] end`;

/** A JSON leaf's value when it is a JSON string, else NULL: Cardinal reads ids, statuses and dates only as strings. */
const jsonString = (leaf: string) => `case when ${isJsonString(leaf)} then ${jsonStringValue(leaf)} end`;

/**
 * A release's ocid when it is a JSON string, else NULL: typed in the read, so the checks for
 * repeated ocids and the models do not parse the leaf again (100k releases, each parse ~0.2 µs
 * a row on one thread, once for the check and once per model).
 */
export const typedOcid = jsonString('ocid');

/**
 * The columns `raw_ocds_release_fields` stores for those paths, typed strictly as Cardinal reads
 * them (docs/cardinal-semantics.md, "Input"), each with the SQL that types it from the JSON leaves
 * of `ocdsReleaseFields` (columns `tender`, `buyer`, `awards`, `bids` of the relation it runs on).
 *
 * The typing is done once, where the release is read, not in the stg_ocds_* models: DuckDB's
 * reader runs it on every core while it parses, and the table then holds short typed values
 * instead of nested JSON text. A table of fewer than 122,880 rows is one row group, which DuckDB
 * scans on one thread, so the models over it ran single-threaded (100k releases: reading plus
 * models 2.3 → 1.8 s wall, docs/cardinal-semantics.md, "bidwatch's path").
 *
 * `bids` and `awards` keep their array's positions: an element of another type than an object is a
 * row of NULLs and empty lists there, as in Cardinal, which counts it but reads nothing from it.
 */
export const ocdsTypedFields = {
  tender_status: { type: 'VARCHAR', sql: jsonString('tender.status') },
  procurement_method: { type: 'VARCHAR', sql: jsonString('tender.procurementMethod') },
  procurement_method_details: { type: 'VARCHAR', sql: jsonString('tender.procurementMethodDetails') },
  tender_start_date: { type: 'VARCHAR', sql: jsonString('tender.tenderPeriod.startDate') },
  tender_end_date: { type: 'VARCHAR', sql: jsonString('tender.tenderPeriod.endDate') },
  // An unsigned integer literal only: 1, not 1.0 or "1".
  number_of_tenderers: {
    type: 'UBIGINT',
    sql: `case when json_type(tender.numberOfTenderers) = 'UBIGINT' then try_cast(tender.numberOfTenderers as ubigint) end`,
  },
  buyer_id: { type: 'VARCHAR', sql: jsonString('buyer.id') },
  procuring_entity_id: { type: 'VARCHAR', sql: jsonString('tender.procuringEntity.id') },
  has_awards: { type: 'BOOLEAN', sql: 'awards is not null' },
  has_bid_details: { type: 'BOOLEAN', sql: 'bids.details is not null' },
  // bids.details in array order. amount: value.amount as a double when a finite JSON number.
  bid_details: {
    type: `STRUCT(status VARCHAR, amount DOUBLE, currency VARCHAR, tenderers_is_array BOOLEAN, tenderer_count BIGINT, tenderer_ids VARCHAR[], bid_date VARCHAR)[]`,
    sql: `list_transform(bids.details, lambda bid: {
        status: ${jsonString('bid.status')},
        amount: case when json_type(bid.value.amount) in ('UBIGINT', 'BIGINT', 'DOUBLE') and isfinite(try_cast(bid.value.amount::varchar as double))
                     then try_cast(bid.value.amount::varchar as double) end,
        currency: ${jsonString('bid.value.currency')},
        tenderers_is_array: bid.tenderers is not null,
        tenderer_count: coalesce(len(bid.tenderers), 0)::bigint,
        tenderer_ids: coalesce(list_transform(list_filter(bid.tenderers, lambda tenderer: ${isJsonString('tenderer.id')}), lambda tenderer: ${jsonStringValue('tenderer.id')}), []::varchar[]),
        bid_date: ${jsonString('bid.date')}
    })`,
  },
  // awards in array order, with their suppliers' and items' string ids.
  award_details: {
    type: `STRUCT(status VARCHAR, supplier_count BIGINT, supplier_ids VARCHAR[], has_items BOOLEAN, classification_ids VARCHAR[])[]`,
    sql: `list_transform(awards, lambda award: {
        status: ${jsonString('award.status')},
        supplier_count: coalesce(len(award.suppliers), 0)::bigint,
        supplier_ids: coalesce(list_transform(list_filter(award.suppliers, lambda supplier: ${isJsonString('supplier.id')}), lambda supplier: ${jsonStringValue('supplier.id')}), []::varchar[]),
        has_items: award.items is not null,
        classification_ids: coalesce(list_transform(list_filter(award.items, lambda item: ${isJsonString('item.classification.id')}), lambda item: ${jsonStringValue('item.classification.id')}), []::varchar[])
    })`,
  },
} as const;

/** The typed columns' names, in table order. */
export const ocdsTypedFieldNames = Object.keys(ocdsTypedFields);

/** The select list that types a relation with the JSON-leaf columns of ocdsReleaseFields into ocdsTypedFields. */
export const selectTypedFields = Object.entries(ocdsTypedFields)
  .map(([name, field]) => `${field.sql} as ${name}`)
  .join(',\n       ');
