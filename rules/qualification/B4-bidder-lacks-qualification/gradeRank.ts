import { normalizeNumerals } from './normalizeNumerals.ts';
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
