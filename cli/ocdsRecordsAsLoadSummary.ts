import type { LoadSummary } from '../ingest/loadDirectory.ts';
import type { OcdsInputSummary } from '../ingest/ocds/loadOcdsInput.ts';

/** The mapped records in the shape of a directory load, for the scan summary and the runs table. */
export function ocdsRecordsAsLoadSummary(summary: OcdsInputSummary): LoadSummary {
  const file = summary.files.length === 1 ? summary.files[0]!.file : `${summary.files.length} OCDS files`;
  return Object.fromEntries(Object.entries(summary.mapping.records).map(([type, outcome]) => [type, { ...outcome, file }])) as LoadSummary;
}
