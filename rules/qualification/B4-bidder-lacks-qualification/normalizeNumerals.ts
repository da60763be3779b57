import { qualificationVocabulary } from './qualificationVocabulary.ts';

/** 壹贰叁 and digits before 级 as 一二三, so one pattern reads every spelling. */
export function normalizeNumerals(text: string): string {
  return text.replace(/[壹贰貳两叁參肆ⅠⅡⅢ1234](?=级)/g, (c) => qualificationVocabulary.numerals[c] ?? c);
}
