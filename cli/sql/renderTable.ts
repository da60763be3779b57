import { DuckDBTypeId, StatementType, type DuckDBResult } from '@duckdb/node-api';
import { displayValue } from './displayValue.ts';
import { displayWidth } from './displayWidth.ts';

export interface TableOptions {
  /** Rows to show; 0 = all. The rest are counted, not shown. */
  maxRows: number;
  /** Widest a cell may be, in terminal columns (longer text ends in …); 0 = no limit. */
  maxWidth: number;
  /** Width of the terminal: columns shrink, then the last ones are left out, to fit. */
  terminalWidth?: number;
}

const numericTypes = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT, DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL,
]);

/** Columns shrink to fit the terminal no narrower than this (a 统一社会信用代码 is 18); then the last ones are left out. */
const MIN_SHRUNK_WIDTH = 18;

/**
 * Prints a result as an aligned table (Chinese text counted two columns wide), reading it chunk
 * by chunk: only the rows shown are kept, the others are only counted for the footer. An
 * EXPLAIN result prints its plan as DuckDB drew it.
 *
 * @returns the number of rows the result had
 */
export async function renderTable(result: DuckDBResult, write: (text: string) => void, options: TableOptions): Promise<number> {
  if (result.statementType === StatementType.EXPLAIN) return renderExplain(result, write);
  const names = result.deduplicatedColumnNames();
  const types = result.columnTypes();
  const shown: string[][] = [];
  let total = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const wanted = options.maxRows === 0 ? chunk.rowCount : Math.max(0, Math.min(chunk.rowCount, options.maxRows - shown.length));
    if (wanted > 0) {
      const columns = names.map((_, c) => chunk.getColumnValues(c));
      for (let r = 0; r < wanted; r += 1) shown.push(columns.map((values, c) => cell(displayValue(values[r] ?? null, types[c]!))));
    }
    total += chunk.rowCount;
  }

  const natural = names.map((name, c) => Math.max(displayWidth(name), ...shown.map((row) => displayWidth(row[c]!)), 1));
  const capped = natural.map((w) => (options.maxWidth > 0 ? Math.min(w, options.maxWidth) : w));
  let widths = capped;
  let visible = names.length;
  const tableWidth = (ws: number[], n: number) => ws.slice(0, n).reduce((sum, w) => sum + w + 3, 1);
  if (options.terminalWidth && tableWidth(widths, visible) > options.terminalWidth) {
    widths = shrink(widths, options.terminalWidth);
    while (visible > 1 && tableWidth(widths, visible) > options.terminalWidth) visible -= 1;
    // Leaving columns out may free room: give it back to the shrunk ones, left to right.
    let spare = options.terminalWidth - tableWidth(widths, visible);
    for (let c = 0; c < visible && spare > 0; c += 1) {
      const grow = Math.min(spare, capped[c]! - widths[c]!);
      widths[c] = widths[c]! + grow;
      spare -= grow;
    }
  }
  const right = types.map((t) => numericTypes.has(t.typeId));
  const line = (cells: string[], alignRight: boolean[]) =>
    (' ' + cells.slice(0, visible).map((text, c) => pad(fit(text, widths[c]!), widths[c]!, alignRight[c]!)).join(' │ ')).trimEnd();
  write(line(names, names.map(() => false)));
  write(widths.slice(0, visible).map((w) => '─'.repeat(w + 2)).join('┼'));
  for (const row of shown) write(line(row, right));
  const plural = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;
  const notes = [shown.length < total ? `${plural(total)}, ${shown.length.toLocaleString("en-US")} shown; --max-rows 0 shows all` : plural(total)];
  if (visible < names.length) notes.push(`${names.length - visible} more column(s) not shown: ${names.slice(visible).join(', ')} (select fewer columns, or --format csv)`);
  write(`(${notes.join('; ')})`);
  return total;
}

async function renderExplain(result: DuckDBResult, write: (text: string) => void): Promise<number> {
  const rows = await result.getRowsJson();
  for (const row of rows) write(String(row[row.length - 1] ?? ''));
  return rows.length;
}

/** One line per cell: a newline would break the table. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, '↵').replace(/\t/g, ' ');
}

function fit(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = displayWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

function pad(text: string, width: number, alignRight: boolean): string {
  const gap = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return alignRight ? gap + text : text + gap;
}

/** Narrows the widest columns first, never below MIN_SHRUNK_WIDTH, until the table fits or cannot shrink. */
function shrink(widths: number[], terminalWidth: number): number[] {
  const out = [...widths];
  const total = () => out.reduce((sum, w) => sum + w + 3, 1);
  while (total() > terminalWidth) {
    let widest = 0;
    out.forEach((w, i) => { if (w > out[widest]!) widest = i; });
    if (out[widest]! <= MIN_SHRUNK_WIDTH) break;
    out[widest] = Math.max(MIN_SHRUNK_WIDTH, out[widest]! - Math.max(1, total() - terminalWidth));
  }
  return out;
}
