/**
 * HTML-building helpers for the static report. Every value from the database goes through
 * `esc` (record titles and notes are free text: a `<script>` in a tender title must stay text).
 */
export const esc = (value: unknown): string => {
  const text = String(value ?? '');
  // Most values have nothing to escape; the test is much cheaper than the replace.
  return specialChars.test(text) ? text.replace(specialCharsGlobal, (c) => entities[c]!) : text;
};
const specialChars = /[&<>"']/;
const specialCharsGlobal = /[&<>"']/g;
const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Chinese and English side by side; the page's language switch shows one (Chinese by default). */
export const bi = (zh: string, en: string): string => `<span class="zh">${zh}</span><span class="en" lang="en">${en}</span>`;

// One formatter for the whole report: `toLocaleString` builds a new one per call, which costs
// seconds over 10,000 pages.
const numberFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

/** A number the way a Chinese reader expects money: thousands separators, at most 2 decimals. */
export const num = (value: number): string => numberFormat.format(value);

/** Lead ids are `L-<hex>`; anything else is made file-safe all the same. */
export const leadFile = (leadId: string): string => `${leadId.replace(/[^A-Za-z0-9_-]/g, '_')}.html`;

/** The index's page `n` (1-based): `index.html`, then `index-2.html`, `index-3.html`, … */
export const indexFile = (n: number): string => (n === 1 ? 'index.html' : `index-${n}.html`);
