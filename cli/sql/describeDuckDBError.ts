/** A DuckDB error as `bidwatch sql` shows it: the message and, when known, where in the query. */
export interface DescribedError {
  /** DuckDB's exception type: Parser, Binder, Catalog, Conversion, Permission, ... */
  type: string;
  message: string;
  /** Character offset into the query text, when DuckDB reported a position. */
  position?: number;
}

/**
 * Reads a DuckDB error raised with `errors_as_json = true` ({"exception_type", "exception_message",
 * "position"}, sometimes behind a "Failed to extract statements: Parser Error: " prefix) and
 * turns its position into a character offset of `sql`. DuckDB 1.5 reports the parser's
 * position in characters but the binder's (and the executor's) in UTF-8 bytes, which differ
 * as soon as the query holds Chinese text before the error.
 */
export function describeDuckDBError(error: unknown, sql: string): DescribedError {
  const raw = error instanceof Error ? error.message : String(error);
  const start = raw.indexOf('{');
  let parsed: Record<string, string> | null = null;
  if (start >= 0) {
    try {
      parsed = JSON.parse(raw.slice(start)) as Record<string, string>;
    } catch {
      parsed = null;
    }
  }
  if (!parsed || typeof parsed.exception_message !== 'string') return { type: 'Error', message: raw };
  const type = parsed.exception_type ?? 'Error';
  const described: DescribedError = { type, message: `${type} Error: ${parsed.exception_message}` };
  if (parsed.position !== undefined && /^\d+$/.test(parsed.position)) {
    const offset = Number(parsed.position);
    described.position = type === 'Parser' ? offset : Buffer.from(sql, 'utf8').subarray(0, offset).toString('utf8').length;
  }
  return described;
}
