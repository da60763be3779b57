import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import { openForWrite } from '../openForWrite.ts';
import { leadStatuses, recordReview, ReviewError } from '../../leads/recordReview.ts';
import { writeRunReport } from '../../reports/writeRunReport.ts';
import { DEFAULT_DATABASE } from '../defaultPaths.ts';

export const reviewCommand: Command = {
  name: 'review',
  summary: 'Record a review of a case lead: its status (new|reviewing|confirmed|dismissed), a note, who and when.',
  usage: '<lead-id> --status STATUS [--note TEXT] [--reviewer NAME] [--db FILE] [--out DIR]',
  allowPositionals: true,
  options: {
    status: { type: 'string', short: 's', valueName: 'status', description: `new status: ${leadStatuses.join(' | ')}` },
    note: { type: 'string', short: 'n', valueName: 'text', description: 'what was checked and found (kept in the review history)' },
    reviewer: { type: 'string', short: 'r', valueName: 'name', description: 'who reviewed (default: $USER)' },
    db: { type: 'string', default: DEFAULT_DATABASE, valueName: 'file', description: 'the database the scans write' },
    out: { type: 'string', short: 'o', valueName: 'dir', description: "also re-render the latest scan's report into this folder (e.g. reports/out)" },
  },
  details: `The status is kept across scans; the history (who, when, note) is appended, never rewritten.
Examples:
  bidwatch review L-68b6c7adc1 --status reviewing --note "已调取原始投标文件"
  bidwatch review L-68b6c7adc1 --status confirmed --note "移送审查调查" --reviewer 王审查 --out reports/out`,
  async run(values, positionals) {
    const [leadId, ...extra] = positionals;
    if (!leadId) throw new CliError('which lead? give its id, e.g. `bidwatch review L-68b6c7adc1 --status reviewing`');
    if (extra.length > 0) throw new CliError(`one lead at a time; unexpected: ${extra.join(' ')} (quote a note with spaces: --note "…")`);
    if (!values.status) throw new CliError(`--status is required: ${leadStatuses.join(' | ')}`);
    const dbPath = String(values.db);
    if (!existsSync(dbPath)) throw new CliError(`database not found: ${dbPath} (run \`bidwatch scan\` first)`);
    const reviewer = (values.reviewer as string | undefined) ?? process.env.USER ?? safeUserName();
    const db = await openForWrite(dbPath);
    try {
      const review = await recordReview(db, { leadId, status: String(values.status), note: values.note as string | undefined, reviewer });
      console.log(`${review.leadId}: ${review.previousStatus} → ${review.status} (${review.reviewer}, ${review.reviewedAt})${review.note ? `\nnote: ${review.note}` : ''}`);
      if (values.out) {
        const [latest] = await db.query<{ run_id: string }>('select run_id from runs where finished_at is not null order by run_id desc limit 1');
        if (latest) console.log(`report: ${await writeRunReport(db, latest.run_id, String(values.out))}/html/index.html`);
      }
    } catch (error) {
      if (error instanceof ReviewError) throw new CliError(error.message);
      throw error;
    } finally {
      db.close();
    }
  },
};

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
