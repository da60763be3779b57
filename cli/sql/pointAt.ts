import { displayWidth } from './displayWidth.ts';

/**
 * The query line holding `position` (a character offset) with a caret under it, prefixed by
 * `where` (a file name for `sql -f`), e.g.
 *
 *     query.sql:3:5
 *        3 | from v_bidz
 *          |      ^
 */
export function pointAt(sql: string, position: number, where = 'query'): string {
  const before = sql.slice(0, Math.min(position, sql.length));
  const lineIndex = before.split('\n').length - 1;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lines = sql.split('\n');
  const line = (lines[lineIndex] ?? '').replace(/\t/g, ' ');
  const column = position - lineStart;
  const number = String(lineIndex + 1);
  const gutter = ' '.repeat(number.length);
  const caretOffset = displayWidth(line.slice(0, column));
  return [`${where}:${lineIndex + 1}:${column + 1}`, `  ${number} | ${line}`, `  ${gutter} | ${' '.repeat(caretOffset)}^`].join('\n');
}
