import { existsSync, readFileSync } from 'node:fs';
import type { Command } from '../Command.ts';
import { CliError } from '../CliError.ts';
import type { SqlFormat } from '../sql/runSqlQuery.ts';
import type { SqlError } from '../sql/SqlError.ts';
import { DEFAULT_DATABASE } from '../defaultPaths.ts';

const formats: readonly SqlFormat[] = ['table', 'csv', 'json', 'parquet', 'arrow'];

export const sqlCommand: Command = {
  name: 'sql',
  summary: 'Run a read-only SQL query on the database (analysts): a table on the terminal, or CSV/JSON/Parquet/Arrow.',
  usage: '"<query>" | -f FILE [--db FILE] [--format table|csv|json|parquet|arrow] [--output FILE] [--var name=value]',
  allowPositionals: true,
  options: {
    file: { type: 'string', short: 'f', valueName: 'file', description: 'read the query from a .sql file (e.g. queries/company_history.sql)' },
    db: { type: 'string', default: DEFAULT_DATABASE, valueName: 'file', description: 'DuckDB database file, opened read-only' },
    format: { type: 'string', valueName: 'fmt', description: 'table (default), csv, json (an array of row objects), parquet, arrow (Arrow IPC stream)' },
    output: { type: 'string', short: 'o', valueName: 'file', description: 'write the result to this file instead of stdout (parquet needs one on a terminal)' },
    var: { type: 'string', multiple: true, valueName: 'name=value', description: "value for getvariable('name') in the query (repeatable; text, cast it in SQL)" },
    'max-rows': { type: 'string', valueName: 'n', description: 'table: rows to show, 0 = all (default 100 on a terminal, all otherwise)' },
    'max-width': { type: 'string', valueName: 'n', description: 'table: widest cell in characters, 0 = no limit (default 40 on a terminal, none otherwise)' },
  },
  details: `Only queries run (select, with … select, from, values, describe, show, summarize, explain): the
database is opened read-only, statements are checked with DuckDB's own parser, and the session
cannot read or write files or attach databases. Start from the v_* views (docs/schema.md).

Examples:
  bidwatch sql "select category, count(*), sum(price) from v_bids group by all"
  bidwatch sql "describe v_bids"
  bidwatch sql -f queries/company_history.sql --var company_id=91530114409979488B
  bidwatch sql -f queries/co_bidding_pairs.sql --format csv --output pairs.csv
  bidwatch sql "from v_flags" --format parquet -o flags.parquet
  bidwatch sql "from v_tenders" --format arrow | python -c "import pyarrow as pa,sys; print(pa.ipc.open_stream(sys.stdin.buffer).read_all())"

While a scan is writing the database the query fails with a lock error: retry after the scan, or
query a copy made between scans (README, "Analysts: SQL on the database").`,
  async run(values, positionals) {
    const file = values.file as string | undefined;
    if (file && positionals.length > 0) throw new CliError('give the query as an argument or with -f FILE, not both');
    if (file && !existsSync(file)) throw new CliError(`query file not found: ${file}`);
    const sql = file ? readFileSync(file, 'utf8') : positionals.join(' ');
    if (sql.trim() === '') throw new CliError('no query: bidwatch sql "select …" or bidwatch sql -f query.sql');
    const format = (values.format as string | undefined) ?? 'table';
    if (!(formats as readonly string[]).includes(format)) throw new CliError(`unknown --format "${format}": use ${formats.join(', ')}`);
    const tty = process.stdout.isTTY === true;
    const variables = parseVariables((values.var as string[] | undefined) ?? []);
    // Loaded on use: every bidwatch command starts by loading the command list, and a quick
    // query should not wait for more than it needs.
    const [{ runSqlQuery }, { SqlError: SqlErrorClass }, { pointAt }] = await Promise.all([
      import('../sql/runSqlQuery.ts'),
      import('../sql/SqlError.ts'),
      import('../sql/pointAt.ts'),
    ]);
    try {
      await runSqlQuery({
        db: String(values.db),
        sql,
        format: format as SqlFormat,
        output: values.output as string | undefined,
        maxRows: count(values['max-rows'], 'max-rows') ?? (tty ? 100 : 0),
        maxWidth: count(values['max-width'], 'max-width') ?? (tty ? 40 : 0),
        terminalWidth: tty ? process.stdout.columns : undefined,
        variables,
        stdout: process.stdout,
        stdoutIsTTY: tty,
      });
    } catch (error) {
      if (!(error instanceof SqlErrorClass)) throw error;
      const sqlError: SqlError = error;
      // The message, then the query line with a caret under the position DuckDB reported.
      const where = sqlError.context.position === undefined ? '' : `\n${pointAt(sql, sqlError.context.position, file ?? 'query')}`;
      throw new CliError(sqlError.message + where, 1);
    }
  },
};

function count(raw: unknown, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`--${name} must be a whole number ≥ 0, got "${String(raw)}"`);
  return n;
}

function parseVariables(specs: string[]): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const spec of specs) {
    const at = spec.indexOf('=');
    if (at <= 0) throw new CliError(`--var expects name=value, got "${spec}"`);
    variables[spec.slice(0, at)] = spec.slice(at + 1);
  }
  return variables;
}
