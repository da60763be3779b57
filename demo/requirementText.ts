/**
 * The "real" vocabulary of a tender's qualification requirement (资格要求): free text with grade
 * clauses, the way announcements on provincial platforms write it, for the generator's
 * `--vocabulary real` profile. Every text states a type and a minimum grade the caller chose so
 * the tender's honest bidders meet it.
 */
import type { Prng } from './Prng.ts';
import { WORKS_QUALS } from './nameBank.ts';

const UPPER: Record<string, string> = { 一: '壹', 二: '贰', 三: '叁' };
const OLD_NAMES: Record<string, string> = { 建筑工程施工总承包: '房屋建筑工程施工总承包', 机电工程施工总承包: '机电安装工程施工总承包' };
const PM_SPECIALTY: Record<string, string> = {
  建筑工程施工总承包: '建筑工程',
  市政公用工程施工总承包: '市政公用工程',
  公路工程施工总承包: '公路工程',
  水利水电工程施工总承包: '水利水电工程',
  电力工程施工总承包: '机电工程',
};

/** Grades in rank order (best first): 施工 grades and 甲乙丙 grades. */
export const GRADE_ORDER = ['特级', '一级', '甲级', '二级', '乙级', '三级', '丙级'];
export const gradeRankOf = (grade: string): number =>
  grade === '特级' ? 0 : grade.startsWith('一') || grade.startsWith('甲') ? 1 : grade.startsWith('二') || grade.startsWith('乙') ? 2 : grade.startsWith('三') || grade.startsWith('丙') ? 3 : 9;

/**
 * A requirement text for `type` at minimum `grade`, in one of the conventions announcements use.
 *
 * @example requirementText('市政公用工程施工总承包', '三级', rng, { consortium: 'accepted' })
 * // '具备建设行政主管部门核发的市政公用工程施工总承包叁级及以上资质；本项目接受联合体投标，…'
 */
export function requirementText(type: string, grade: string, rng: Prng, o: { consortium?: 'accepted' | 'refused' | null } = {}): string {
  const upper = grade.replace(/^[一二三]/, (c) => UPPER[c] ?? c);
  let text: string;
  if (type.endsWith('施工总承包') || type.endsWith('专业承包')) {
    const other = rng.pick(Object.values(WORKS_QUALS).filter((t) => t !== type));
    const named = rng.chance(0.3) ? (OLD_NAMES[type] ?? type) : type;
    const variants = [
      () => `具备建设行政主管部门核发的${named}${upper}及以上资质`,
      () => `${type}${grade}及以上`,
      () => `具有${grade}及以上${named}资质，并具有有效的安全生产许可证`,
      () => `1.具有独立法人资格；2.具备${named}${grade}以上（含${grade}）资质；3.拟派项目经理须具备${PM_SPECIALTY[type] ?? '建筑工程'}专业二级及以上注册建造师执业资格`,
      () => `具备${type}${grade}及以上资质或${other}${grade}及以上资质`,
      () => `投标人须具有${named}资质，资质等级不低于${grade}，且近三年内无重大安全事故`,
    ];
    text = rng.pick(variants)();
  } else if (type === '工程监理') {
    text = rng.pick([
      () => `具备工程监理${grade}及以上资质`,
      () => `具有工程监理综合资质或房屋建筑工程监理${grade}及以上资质`,
      () => `投标人须具有建设行政主管部门颁发的工程监理${grade}以上资质，总监理工程师须具有注册监理工程师证书`,
    ])();
  } else if (type === '工程设计') {
    text = rng.pick([() => `具备工程设计${grade}及以上资质`, () => `具有工程设计综合甲级资质或工程设计${grade}及以上资质`])();
  } else {
    text = `具备${type}${grade}及以上资质`;
  }
  if (o.consortium === 'accepted') text += rng.pick(['；本项目接受联合体投标，联合体各方均应具备承担本项目的相应能力', '。本次招标接受联合体投标。']);
  else if (o.consortium === 'refused') text += '；本项目不接受联合体投标';
  return text;
}
