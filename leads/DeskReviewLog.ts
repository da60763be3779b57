import BetterSqlite3 from 'better-sqlite3';
import { existsSync } from 'node:fs';

/** One review as the desk records it: append-only, never updated or deleted. */
export interface DeskReview {
  review_id: string;
  lead_id: string;
  from_status: string;
  to_status: string;
  note: string | null;
  reviewer: string;
  /** Who should work on the lead from now on (null: unchanged). */
  assignee: string | null;
  /** ISO 8601 UTC. */
  reviewed_at: string;
}

/**
 * The review desk's own store beside the main database: `<db without .duckdb>.desk.sqlite`.
 * DuckDB admits one writing process, and the nightly scan holds the main file for minutes;
 * SQLite in WAL mode lets the desk append reviews while the scan reads them, so a review made
 * during a scan is neither lost nor blocked (the scan merges them: mergeDeskReviews.ts).
 */
export class DeskReviewLog {
  private constructor(readonly sqlite: BetterSqlite3.Database) {}

  static pathFor(databasePath: string): string {
    return `${databasePath.replace(/\.duckdb$/, '')}.desk.sqlite`;
  }

  /** Opens (creating) the store for the desk, which writes it. */
  static open(path: string): DeskReviewLog {
    const sqlite = new BetterSqlite3(path);
    sqlite.pragma('journal_mode = WAL');
    // A writer waits for another (the scan's merge reads only, but two desks could share a store).
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.exec(`create table if not exists desk_reviews (
      seq integer primary key autoincrement,
      review_id text not null unique,
      lead_id text not null,
      from_status text not null,
      to_status text not null,
      note text,
      reviewer text not null,
      assignee text,
      reviewed_at text not null
    );
    create index if not exists desk_reviews_lead on desk_reviews(lead_id, seq);
    create trigger if not exists desk_reviews_append_only_update before update on desk_reviews
      begin select raise(abort, 'desk_reviews is append-only'); end;
    create trigger if not exists desk_reviews_append_only_delete before delete on desk_reviews
      begin select raise(abort, 'desk_reviews is append-only'); end;`);
    return new DeskReviewLog(sqlite);
  }

  /** Opens an existing store for reading (the scan); null when no desk has run beside this database. */
  static openForReading(path: string): DeskReviewLog | null {
    if (!existsSync(path)) return null;
    const sqlite = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'desk_reviews'").get();
    if (!table) {
      sqlite.close();
      return null;
    }
    return new DeskReviewLog(sqlite);
  }

  append(review: DeskReview): void {
    this.sqlite.prepare(`insert into desk_reviews (review_id, lead_id, from_status, to_status, note, reviewer, assignee, reviewed_at)
      values (@review_id, @lead_id, @from_status, @to_status, @note, @reviewer, @assignee, @reviewed_at)`).run(review);
  }

  /** A lead's reviews, newest first. */
  forLead(leadId: string): DeskReview[] {
    return this.sqlite.prepare(`select review_id, lead_id, from_status, to_status, note, reviewer, assignee, reviewed_at
      from desk_reviews where lead_id = ? order by seq desc`).all(leadId) as DeskReview[];
  }

  /** Every review, oldest first. */
  all(): DeskReview[] {
    return this.sqlite.prepare(`select review_id, lead_id, from_status, to_status, note, reviewer, assignee, reviewed_at
      from desk_reviews order by seq`).all() as DeskReview[];
  }

  /** Each reviewed lead's latest status and its current assignee (the last one given). */
  latestByLead(): Map<string, { status: string; assignee: string | null; reviewed_at: string }> {
    const latest = new Map<string, { status: string; assignee: string | null; reviewed_at: string }>();
    for (const review of this.all()) {
      const previous = latest.get(review.lead_id);
      latest.set(review.lead_id, { status: review.to_status, assignee: review.assignee ?? previous?.assignee ?? null, reviewed_at: review.reviewed_at });
    }
    return latest;
  }

  close(): void {
    this.sqlite.close();
  }
}
