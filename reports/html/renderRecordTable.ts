import { defaultMaskPolicy, maskSensitive, type MaskPolicy } from '../maskSensitive.ts';
import { esc, num } from './markup.ts';
import { describeCell } from './describeCell.ts';

/**
 * Rows of records as an HTML table, columns in first-seen order. A cell equal to (or containing)
 * one of `highlight` is marked, and its row tinted, so the shared traces stand out side by side.
 * Account-like columns are masked again here: a rule's raw table must never show one in full.
 */
export function renderRecordTable(
  rows: readonly Record<string, unknown>[],
  highlight: readonly string[] = [],
  limit = 200,
  policy: MaskPolicy = defaultMaskPolicy,
  companyName: (id: string) => string | undefined = () => undefined,
): string {
  if (rows.length === 0) return '<p class="muted small"><span class="zh">（无记录）</span><span class="en">(no rows)</span></p>';
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const marks = highlight.filter((h) => h !== '' && h != null).map(String);
  const body = rows.slice(0, limit).map((row) => {
    let hit = false;
    const cells = columns.map((column) => {
      const value = describeCell(column, maskSensitive(column, row[column], policy), companyName);
      const { html, marked, numeric } = renderCell(value, marks);
      hit ||= marked;
      return `<td class="${numeric ? 'num' : widthClass(value)}">${html}</td>`;
    });
    return `<tr${hit ? ' class="hl"' : ''}>${cells.join('')}</tr>`;
  });
  const more = rows.length > limit
    ? `<p class="muted small"><span class="zh">共 ${rows.length} 行，此处显示前 ${limit} 行（完整数据见 leads.json）</span><span class="en">${rows.length} rows, first ${limit} shown (all in leads.json)</span></p>`
    : '';
  return `<div class="table-wrap"><table class="records"><thead><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table></div>${more}`;
}

/**
 * How a text cell may wrap: a short value (a company name, a date, an IP) stays on one line, so
 * the browser cannot squeeze it to one character per line; a long code without spaces (a
 * hardware id, a file hash) may break anywhere; other text wraps normally.
 */
function widthClass(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  if (text.length <= 16) return 'short';
  return /^[\x21-\x7e]+$/.test(text) ? 'code' : text.length <= 24 ? 'short' : 'text';
}

function renderCell(value: unknown, marks: readonly string[]): { html: string; marked: boolean; numeric: boolean } {
  if (value === null || value === undefined || value === '') return { html: '<span class="muted">—</span>', marked: false, numeric: false };
  if (typeof value === 'number') {
    const marked = marks.includes(String(value));
    const text = Math.abs(value) >= 10000 ? num(value) : String(value);
    return { html: marked ? `<mark>${esc(text)}</mark>` : esc(text), marked, numeric: true };
  }
  if (typeof value === 'boolean') return { html: value ? '是' : '否', marked: false, numeric: false };
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return markText(text, marks);
}

/**
 * Escapes `text`, wrapping highlight values in `<mark>`: a whole cell equal to one, or, for
 * values long enough not to match by chance (a date, an account, a hash), any occurrence.
 */
export function markText(text: string, marks: readonly string[]): { html: string; marked: boolean; numeric: boolean } {
  if (marks.includes(text)) return { html: `<mark>${esc(text)}</mark>`, marked: true, numeric: false };
  const present = marks.filter((m) => m.length >= 6 && text.includes(m)).sort((a, b) => b.length - a.length);
  if (present.length === 0) return { html: esc(text), marked: false, numeric: false };
  const pattern = new RegExp(present.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  let html = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    html += `${esc(text.slice(last, match.index))}<mark>${esc(match[0])}</mark>`;
    last = match.index! + match[0].length;
  }
  return { html: html + esc(text.slice(last)), marked: true, numeric: false };
}
