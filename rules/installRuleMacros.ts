import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from '../db/Database.ts';

const macrosDirectory = new URL('./macros/', import.meta.url);

/**
 * Creates the DuckDB macros rule SQL shares (rules/macros/*.sql, one macro a file, named after it:
 * the bids side by side of the evidence tables, the Wilson bound). They are temp macros, so they
 * live in the connection that runs the rules and never in the database file analysts open.
 * DuckDB binds a macro's body where it is used, so one macro may call another whatever the order.
 */
export async function installRuleMacros(db: Database): Promise<void> {
  const files = readdirSync(macrosDirectory).filter((file) => file.endsWith('.sql')).sort();
  for (const file of files) await db.run(readFileSync(new URL(file, macrosDirectory), 'utf8'));
}
