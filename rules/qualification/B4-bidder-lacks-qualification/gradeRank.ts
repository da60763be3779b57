import { qualificationVocabulary } from './qualificationVocabulary.ts';

/**
 * The rank of a grade as certificates and announcements write it (一级, 贰级, 甲级, 特级, 综合资质,
 * `2级`): 0 = 特级/综合, 1 = 一级/甲级 … 4. Null when the text names no grade (不分等级, empty):
 * such a certificate satisfies any stated grade.
 *
 * @example gradeRank('贰级') // 2
 */
export function gradeRank(grade: string | null | undefined): number | null {
  if (!grade) return null;
  const text = normalizeNumerals(grade.normalize('NFKC'));
  if (text.includes('不分等级')) return null;
  const match = /(特|综合|[一二三四甲乙丙丁])(?=级|$|类|资质)/.exec(text) ?? /(特|综合)/.exec(text);
  return match ? (qualificationVocabulary.gradeRanks[match[1]!] ?? null) : null;
}

/** 壹贰叁 and digits before 级 as 一二三, so one pattern reads every spelling. */
export function normalizeNumerals(text: string): string {
  return text.replace(/[壹贰貳两叁參肆ⅠⅡⅢ1234](?=级)/g, (c) => qualificationVocabulary.numerals[c] ?? c);
}
