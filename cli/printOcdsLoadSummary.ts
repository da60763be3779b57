import type { OcdsInputSummary } from '../ingest/ocds/loadOcdsInput.ts';
import { printLoadSummary } from './printLoadSummary.ts';
import { ocdsRecordsAsLoadSummary } from './ocdsRecordsAsLoadSummary.ts';

/**
 * An OCDS load: releases (read = accepted + dead-lettered), then the contract records made from
 * them in the usual per-type table, then what the mapping could not express in yuan or in our
 * vocabulary (docs/ocds-mapping.md): those values are kept in `_extra`, never guessed.
 */
export function printOcdsLoadSummary(summary: OcdsInputSummary): void {
  const { releases, mapping } = summary;
  console.log(
    `OCDS releases: read ${releases.read.toLocaleString('en-US')} = accepted ${releases.accepted.toLocaleString('en-US')} + dead-lettered ${releases.deadLettered.toLocaleString('en-US')}` +
      ` (${summary.files.length} file${summary.files.length === 1 ? '' : 's'}; ${mapping.releases.deadLettered.toLocaleString('en-US')} of the dead letters could not be mapped)`,
  );
  // Which engine mapped how many releases (docs/ocds-mapping.md "How it runs"): the JavaScript share is the slow one.
  console.log(`mapped in SQL ${summary.paths.sql.toLocaleString('en-US')}, in JavaScript ${summary.paths.javaScript.toLocaleString('en-US')} releases`);
  printLoadSummary(ocdsRecordsAsLoadSummary(summary));
  const counts = Object.entries(mapping.counts).filter(([, n]) => n > 0);
  if (counts.length > 0) console.log(`kept in _extra, not mapped: ${counts.map(([name, n]) => `${name} ${n.toLocaleString('en-US')}`).join(', ')}`);
}
