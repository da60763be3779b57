import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../../db/Database.ts';
import { runScan } from '../../cli/runScan.ts';
import { loadScenario, reportScenario } from '../reports.scenario.ts';
import type { RecordType } from '../../db/recordSchemas.ts';

export interface DeskDatabase {
  dir: string;
  path: string;
  ids: { ring: string; approval: string; procedure: string };
}

/** A database file holding one finished scan of the report scenario (or a variant of it), closed. */
export async function deskDatabase(scenario: Partial<Record<RecordType, Record<string, unknown>[]>> = reportScenario): Promise<DeskDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'bidwatch-desk-'));
  const path = join(dir, 'bidwatch.duckdb');
  const db = await Database.open(path);
  try {
    await loadScenario(db, scenario);
    await runScan({ db, input: null, out: join(dir, 'out'), runId: 'run-1' });
    const leads = await db.query<{ lead_id: string; tender_ids: string[] }>('select lead_id, tender_ids from leads');
    const having = (tender: string) => leads.find((l) => l.tender_ids.includes(tender))?.lead_id ?? '';
    return { dir, path, ids: { ring: having('T1'), approval: having('T2'), procedure: having('T5') } };
  } finally {
    db.close();
  }
}
