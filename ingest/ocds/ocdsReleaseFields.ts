/**
 * The paths of an OCDS compiled release that the stg_ocds_* models (and so Cardinal's 11 indicators)
 * read, as a DuckDB JSON-transform structure: objects become STRUCTs, arrays LISTs, and every leaf
 * stays JSON so its JSON type survives (a numeric id is not a string id, `1.0` is not `1`; the models
 * type each leaf strictly). Where a release has another type than the structure expects (a string
 * `tender`, an object `awards`), DuckDB's lenient transform gives NULL there and keeps the rest of
 * the release, which is what "a field counts only if it has its JSON type" asks
 * (docs/cardinal-semantics.md, "Input"); an array element of the wrong type keeps its position.
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
