-- model: v_dead_letters
-- materialized: view
-- grain: one row per record that was not accepted (file line or Kafka message)
-- description: Analyst view (stable interface, see docs/schema.md) over `dead_letters`: every rejected record with where it came from and why. Accepted + dead-lettered = everything read.
-- not_null: source, reason_code, reason, received_at
-- column: source: where it came from: file:line (bids.jsonl:17) or topic/partition/offset
-- column: source_file: the file part of a file:line source (null for Kafka)
-- column: source_line: the line part of a file:line source
-- column: record_type: record type (persons … contracts) when known
-- column: reason_code: empty, too_large, bad_encoding, bad_json, not_object, schema, key_mismatch
-- column: reason: what was wrong, in words
-- column: raw: the original text (for bad_encoding a lossy decoding: the exact bytes are in dead_letters.raw_bytes)
-- column: raw_length: length of the original in bytes
-- column: received_at: when it was read
select
    source,
    nullif(regexp_extract(source, '^(.*\.jsonl?):\d+$', 1), '') as source_file,
    try_cast(nullif(regexp_extract(source, '^.*\.jsonl?:(\d+)$', 1), '') as bigint) as source_line,
    record_type,
    reason_code,
    reason,
    raw,
    coalesce(octet_length(raw_bytes), strlen(raw)) as raw_length,
    received_at
from dead_letters
