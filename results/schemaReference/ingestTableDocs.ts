import { recordTypeNames } from '../../db/recordSchemas.ts';
import { rawTableColumns, rawTableName } from '../../ingest/rawTableColumns.ts';
import type { RelationDoc } from './RelationDoc.ts';

const rawBookkeeping: Record<string, string> = {
  _updated_at: 'the record\'s updated_at as an instant: the version kept is the one with the latest',
  _extra: 'JSON: fields the contract does not define, kept as received',
  _source: 'where the kept version came from: file:line or topic/partition/offset',
  _loaded_at: 'when the kept version was written',
};

/**
 * The tables ingest creates (ingest/rawSchema.ts) described for the schema reference: one raw
 * table per record type, whose contract columns mean what records.md says, and dead_letters.
 *
 * @example
 * ingestTableDocs().raw_bids.columns.price; // 'records.md bids.price, as received'
 */
export function ingestTableDocs(): Record<string, RelationDoc> {
  const docs: Record<string, RelationDoc> = {};
  for (const type of recordTypeNames) {
    const columns: Record<string, string> = {};
    for (const column of rawTableColumns[type]) {
      const stored = column.kind === 'json' ? ' (nested value as JSON)' : '';
      columns[column.name] = `records.md ${type}.${column.name}, as received${stored}`;
    }
    docs[rawTableName(type)] = {
      source: 'ingest/rawSchema.ts',
      grain: `one row per ${type} record id: the latest version by updated_at`,
      description: `The ${type} records as received (written by ingest only; read the stg_/v_ relations instead). Columns are the contract's fields (docs/records.md).`,
      columns: { ...columns, ...rawBookkeeping },
    };
  }
  docs.raw_ocds_releases = {
    source: 'ingest/ocds/ensureOcdsTables.ts',
    grain: 'one row per OCDS compiled release (ocid); a later load replaces the same ocid',
    description: 'OCDS 1.1 compiled releases as published (ingest/ocds/loadOcdsReleases.ts). Read the stg_ocds_* models instead.',
    columns: {
      ocid: 'the release\'s ocid (a JSON string)',
      release: 'the whole release as JSON, unchanged',
      source: 'file:line, or file.json#releases/N for packages',
      seq: 'load order (file order within a load)',
      release_id: 'the release id when a string',
      release_date: 'the release date when a string, as written',
      _loaded_at: 'when the release was written',
    },
  };
  docs.raw_ocds_release_fields = {
    source: 'ingest/ocds/ensureOcdsTables.ts',
    grain: 'one row per OCDS compiled release (ocid), like raw_ocds_releases; every OCDS load fills it, `bidwatch indicators` only this one',
    description: 'The paths of each release the stg_ocds_* models read (ingest/ocds/ocdsReleaseFields.ts), typed as Cardinal reads them while the release is read: a field counts only when it has its JSON type (a numeric id is no id), else NULL. Read the stg_ocds_* models instead.',
    columns: {
      ocid: 'the release\'s ocid (a JSON string)',
      seq: 'load order (file order within a load)',
      source: 'file:line, or file.json#releases/N for packages',
      tender_status: 'tender.status when a string',
      procurement_method: 'tender.procurementMethod when a string',
      procurement_method_details: 'tender.procurementMethodDetails when a string',
      tender_start_date: 'tender.tenderPeriod.startDate when a string, as written',
      tender_end_date: 'tender.tenderPeriod.endDate when a string, as written',
      number_of_tenderers: 'tender.numberOfTenderers when an unsigned integer literal',
      buyer_id: 'buyer.id when a string',
      procuring_entity_id: 'tender.procuringEntity.id when a string',
      has_awards: 'awards is an array',
      has_bid_details: 'bids.details is an array',
      bid_details: 'bids.details[] in array order: status, amount (a finite JSON number), currency, tenderers_is_array, tenderer_count, tenderer_ids (string ids), bid_date',
      award_details: 'awards[] in array order: status, supplier_count, supplier_ids (string ids), has_items, classification_ids',
      _loaded_at: 'when the release was written',
    },
  };
  docs.dead_letters = {
    source: 'ingest/rawSchema.ts',
    grain: 'one row per record that was not accepted',
    description: 'Every line or message that broke the contract, with where it came from and why (outputs.md "Dead letters"). Accepted + dead-lettered = everything read. Read v_dead_letters.',
    columns: {
      source: 'file:line (bids.jsonl:17) or topic/partition/offset',
      record_type: 'the record type it was read as',
      reason_code: 'empty, too_large, bad_encoding, bad_json, not_object, schema, key_mismatch; OCDS: ocds_no_ocid, ocds_duplicate_ocid, ocds_no_compiled_release',
      reason: 'what was wrong, in words',
      raw: 'the original text (a lossy decoding for bad_encoding)',
      raw_bytes: 'the exact bytes, kept only when they are not valid UTF-8 (bad_encoding)',
      received_at: 'when it was read',
    },
  };
  return docs;
}
