import type { LoadSummary } from '../ingest/loadDirectory.ts';

/** The per-type load table: read = accepted + dead-lettered; accepted = inserted + updated + unchanged. */
export function printLoadSummary(load: LoadSummary): void {
  const header = ['type', 'read', 'accepted', 'inserted', 'updated', 'unchanged', 'dead-lettered'];
  console.log(header.map((h, i) => (i === 0 ? h.padEnd(11) : h.padStart(15))).join(''));
  const totals = { read: 0, accepted: 0, inserted: 0, updated: 0, unchanged: 0, deadLettered: 0 };
  for (const [type, outcome] of Object.entries(load)) {
    const cells = [outcome.read, outcome.accepted, outcome.inserted, outcome.updated, outcome.unchanged, outcome.deadLettered];
    (Object.keys(totals) as (keyof typeof totals)[]).forEach((key) => { totals[key] += outcome[key]; });
    console.log(type.padEnd(11) + cells.map((c) => c.toLocaleString('en-US').padStart(15)).join('') + (outcome.file ? '' : '   (no file)'));
  }
  console.log('total'.padEnd(11) + Object.values(totals).map((c) => c.toLocaleString('en-US').padStart(15)).join(''));
}
