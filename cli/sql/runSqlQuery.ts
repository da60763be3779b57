import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ReadOnlySession, type QueryVariables } from './ReadOnlySession.ts';
import { renderTable } from './renderTable.ts';
import { SqlError } from './SqlError.ts';
import { writeArrow } from './writeArrow.ts';
import { writeWithDuckDB } from './writeWithDuckDB.ts';

export type SqlFormat = 'table' | 'csv' | 'json' | 'parquet' | 'arrow';

export interface SqlRunOptions {
  db: string;
  sql: string;
  format: SqlFormat;
  /** File to write; stdout when absent. */
  output?: string;
  /** Table only: rows shown (0 = all) and widest cell (0 = no limit). */
  maxRows: number;
  maxWidth: number;
  terminalWidth?: number;
  variables?: QueryVariables;
  stdout: Writable;
  /** Whether stdout is a terminal: binary formats are not written to one. */
  stdoutIsTTY: boolean;
}

/**
 * `bidwatch sql`: runs an analyst's query in a `ReadOnlySession` and writes the result as an
 * aligned table or as CSV, JSON, Parquet or Arrow, to a file or to stdout.
 *
 * @returns rows of each statement's result
 * @example
 * await runSqlQuery({ db: 'data/bidwatch.duckdb', sql: 'select count(*) from v_bids', format: 'table',
 *   maxRows: 100, maxWidth: 40, stdout: process.stdout, stdoutIsTTY: true });
 */
export async function runSqlQuery(options: SqlRunOptions): Promise<number[]> {
  const binary = options.format === 'parquet' || options.format === 'arrow';
  if (binary && !options.output && options.stdoutIsTTY) {
    throw new SqlError('output', `--format ${options.format} is binary: give --output FILE, or pipe stdout to a file or program`);
  }
  const session = await ReadOnlySession.open(options.db, options.variables);
  try {
    if (options.format !== 'table') {
      const count = await session.check(options.sql);
      if (count > 1) throw new SqlError('output', `--format ${options.format} writes one result, but the query holds ${count} statements`);
    }
    if (options.output) mkdirSync(dirname(options.output), { recursive: true });
    const rows: number[] = [];
    for await (const result of session.run(options.sql)) {
      try {
        rows.push(await writeResult(result, options));
      } catch (error) {
        throw SqlError.fromQuery(error, options.sql);
      }
    }
    return rows;
  } finally {
    session.close();
  }
}

async function writeResult(result: Parameters<typeof renderTable>[0], options: SqlRunOptions): Promise<number> {
  switch (options.format) {
    case 'table': {
      const target = options.output ? createWriteStream(options.output) : options.stdout;
      const rows = await renderTable(result, (line) => target.write(`${line}\n`), options);
      if (options.output) await endStream(target);
      return rows;
    }
    case 'arrow': {
      const target = options.output ? createWriteStream(options.output) : options.stdout;
      const rows = await writeArrow(result, target);
      if (options.output) await endStream(target);
      return rows;
    }
    default: {
      if (options.output) return writeWithDuckDB(result, options.format, options.output);
      // DuckDB writes files, not streams: write a temporary file and copy it to stdout.
      const directory = mkdtempSync(join(tmpdir(), 'bidwatch-sql-'));
      try {
        const file = join(directory, `result.${options.format}`);
        const rows = await writeWithDuckDB(result, options.format, file);
        await pipeline(createReadStream(file), options.stdout, { end: false });
        return rows;
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    }
  }
}

async function endStream(stream: Writable): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}
