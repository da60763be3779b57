import { join } from 'node:path';

/** The database every command reads and writes unless `--db` names another. */
export const DEFAULT_DATABASE = join('data', 'bidwatch.duckdb');

/** The embedded default input: the demo province, generated there on first use (deterministic seed). */
export const DEMO_INPUT = join('data', 'demo');

/** Where scan reports go unless `--out` names another folder. */
export const DEFAULT_REPORT_DIRECTORY = join('reports', 'out');
