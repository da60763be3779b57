export type SqlCheckErrorCode =
  /** A step of the zod record schemas has no SQL counterpart in recordCheckSql.ts yet. */
  | 'unsupported_schema';

/**
 * The SQL loader cannot check the contract the way zod does. Raised while the SQL is generated,
 * before any line is read, so a contract change can never make SQL accept what zod refuses;
 * `bidwatch load --loader js` keeps working meanwhile.
 */
export class SqlCheckError extends Error {
  constructor(
    readonly code: SqlCheckErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SqlCheckError';
  }
}
