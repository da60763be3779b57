import type { Database } from '../db/Database.ts';

/**
 * The rows of `sql`, in its order, each read as one JSON text (DuckDB's `to_json` of the row)
 * and parsed in one go: the same plain objects as `db.query` gives for the report's column
 * types (text, dates cast to text, doubles, 32-bit integers, booleans, lists of these), for a
 * fraction of the cost. Not for BIGINT or DECIMAL columns (`db.query` gives those as text, this
 * as numbers) nor JSON columns (embedded as objects here): cast them in the SQL.
 * `db.query` decodes every text value on its own (a native call and a TextDecoder each): the
 * ~160,000 bids of the 1M-bid province's report were 800,000 such values, and decoding them was
 * a sixth of the report's main thread (docs/scale.md, reports).
 *
 * @example
 * const bids = await readJsonRows<ContextBid>(db, 'select bid_id, price from mart_bids where tender_id = $id order by price', { id: 'T1' });
 */
export async function readJsonRows<T>(db: Database, sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
  // A projection keeps the order of the query below it (DuckDB preserves insertion order).
  const rows = await db.query<{ row: string }>(`select to_json(q)::varchar as row from (${sql}) as q`, params);
  if (rows.length === 0) return [];
  return JSON.parse(`[${rows.map((r) => r.row).join(',')}]`) as T[];
}
