import { existsSync } from 'node:fs';
import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import { openForWrite } from '../openForWrite.ts';
import { writeRunReport } from '../../reports/writeRunReport.ts';
import { DEFAULT_DATABASE, DEFAULT_REPORT_DIRECTORY } from '../defaultPaths.ts';

export const reportCommand: Command = {
  name: 'report',
  summary: "Re-render a scan's reports (HTML, CSV, JSON, Markdown) from the database, e.g. after reviews.",
  usage: '[--run ID] [--db FILE] [--out DIR]',
  options: {
    run: { type: 'string', valueName: 'id', description: 'the scan to render (default: the latest finished scan)' },
    db: { type: 'string', default: DEFAULT_DATABASE, valueName: 'file', description: 'the database the scans write' },
    out: { type: 'string', short: 'o', default: DEFAULT_REPORT_DIRECTORY, valueName: 'dir', description: 'report folder: <out>/<run id>/ and <out>/latest/' },
  },
  details: 'Open <out>/<run id>/html/index.html in a browser: it needs no server and no network.',
  async run(values) {
    const dbPath = String(values.db);
    if (!existsSync(dbPath)) throw new CliError(`database not found: ${dbPath} (run \`bidwatch scan\` first)`);
    const db = await openForWrite(dbPath);
    try {
      const runs = await db.query<{ run_id: string }>('select run_id from runs where finished_at is not null order by run_id desc');
      const runId = (values.run as string | undefined) ?? runs[0]?.run_id;
      if (!runId) throw new CliError('this database holds no finished scan yet: run `bidwatch scan` first');
      if (!runs.some((r) => r.run_id === runId)) throw new CliError(`no finished scan "${runId}"; latest: ${runs.slice(0, 5).map((r) => r.run_id).join(', ')}`);
      const folder = await writeRunReport(db, runId, String(values.out));
      console.log(`report: ${folder}/html/index.html (and leads.csv, leads.json, leads.md)`);
    } finally {
      db.close();
    }
  },
};
