import { statSync } from 'node:fs';
import { Database } from '../db/Database.ts';
import { loadRunReport, type RunReport } from '../reports/loadRunReport.ts';
import { loadLeadContext, type LeadContext } from '../reports/loadLeadContext.ts';

export type SnapshotState = 'loading' | 'ready' | 'scan-running' | 'no-scan' | 'error';

/**
 * The leads the desk serves: the latest finished scan's report and pictures' records, read from
 * the main database and kept in memory.
 *
 * The desk never keeps the main database open: a DuckDB file has one writer, and a reader holding
 * it would make the nightly scan fail to open it. It opens the file read-only only when the file
 * (or its write-ahead log) changed, reads, and closes. While a scan writes, that open fails on the
 * scan's lock: the desk then keeps serving its last snapshot and says "scan running".
 */
export class LeadSnapshot {
  report: RunReport | null = null;
  context: LeadContext | null = null;
  state: SnapshotState = 'loading';
  message = '';
  loadedAt: string | null = null;
  private seen = '';
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;

  constructor(readonly databasePath: string) {}

  /** Re-reads the leads when the database changed since the last successful read. */
  refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Checks for a finished scan every `intervalMs`. */
  watch(intervalMs = 2000): void {
    this.timer = setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private fingerprint(): string {
    const stamp = (path: string) => {
      try {
        const stat = statSync(path);
        return `${stat.mtimeMs}:${stat.size}`;
      } catch {
        return '-';
      }
    };
    return `${stamp(this.databasePath)}|${stamp(`${this.databasePath}.wal`)}`;
  }

  private async read(): Promise<void> {
    const fingerprint = this.fingerprint();
    if (fingerprint === this.seen && (this.state === 'ready' || this.state === 'no-scan')) return;
    let db: Database;
    try {
      db = await Database.open(this.databasePath, { readOnly: true });
    } catch (error) {
      const text = (error as Error).message;
      this.state = /lock/i.test(text) ? 'scan-running' : 'error';
      this.message = text;
      return;
    }
    try {
      const [latest] = await db.query<{ run_id: string }>(
        "select run_id from runs where finished_at is not null order by run_id desc limit 1",
      ).catch(() => []);
      if (!latest) {
        this.state = 'no-scan';
        this.message = 'no finished scan in this database yet';
      } else {
        const report = await loadRunReport(db, latest.run_id, { unmasked: true });
        this.context = await loadLeadContext(db, report.leads, undefined, latest.run_id);
        this.report = report;
        this.state = 'ready';
        this.message = '';
        this.loadedAt = new Date().toISOString();
      }
      this.seen = fingerprint;
    } catch (error) {
      this.state = 'error';
      this.message = (error as Error).message;
    } finally {
      db.close();
    }
  }
}
