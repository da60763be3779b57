import { describeDuckDBError } from './describeDuckDBError.ts';

/** Why `bidwatch sql` (or `export`) could not answer: a closed set, so callers and tests can tell them apart. */
export type SqlErrorCode =
  | 'missing_database'
  | 'locked'
  | 'not_a_database'
  | 'syntax'
  | 'refused'
  | 'query_failed'
  | 'output';

/**
 * A user-facing error of the analyst SQL tools: `message` is printable as it is (DuckDB's own
 * message for a bad query); `context.position`, a character offset into the query, lets the
 * caller show the line with a caret (`pointAt`).
 */
export class SqlError extends Error {
  constructor(
    readonly code: SqlErrorCode,
    message: string,
    readonly context: { position?: number; statement?: number } = {},
  ) {
    super(message);
    this.name = 'SqlError';
  }

  /** An error DuckDB raised while running or reading `sql`, with its position as a character offset. */
  static fromQuery(error: unknown, sql: string, statement?: number): SqlError {
    if (error instanceof SqlError) return error;
    const described = describeDuckDBError(error, sql);
    const hint = described.type === 'Permission' ? '\n(bidwatch sql cannot read or write files, URLs or other databases: external access is off in its session)' : '';
    return new SqlError('query_failed', described.message + hint, { position: described.position, statement });
  }
}
