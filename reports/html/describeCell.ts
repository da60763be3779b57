import { labels } from './labels.ts';

/**
 * Evidence columns (by their Chinese header) whose values are codes of a closed vocabulary, and
 * the vocabulary that names them: a Chinese reader sees 公开招标, not `open`.
 */
const vocabularyOfColumn: [RegExp, keyof typeof labels][] = [
  [/^(方式|招标方式|采购方式)$/, 'method'],
  [/^类别$/, 'category'],
  [/^事项$/, 'approvalKind'],
  [/^审批方式$/, 'approvalRoute'],
  [/^资金性质$/, 'investmentType'],
  [/^状态$/, 'bidStatus'],
];
/** Columns that name a company (or a buyer): an id there is shown with the company's name. */
const companyColumn = /^(中标人|成交\/中标人|投标人|投标人甲|投标人乙|企业|供应商|承包单位|分包单位|招标人|采购人|建设单位|代理机构|注册单位|社保缴纳单位|付款户名)$/;

/**
 * A record-table cell as a reader should see it: vocabulary codes in Chinese, company ids with
 * the company's name. Anything else is returned unchanged.
 */
export function describeCell(column: string, value: unknown, companyName: (id: string) => string | undefined): unknown {
  if (typeof value !== 'string' || value === '') return value;
  for (const [pattern, group] of vocabularyOfColumn) {
    if (pattern.test(column)) return labels[group][value]?.[0] ?? value;
  }
  if (companyColumn.test(column)) {
    const name = companyName(value);
    if (name && name !== value) return `${name}（${value}）`;
  }
  return value;
}
