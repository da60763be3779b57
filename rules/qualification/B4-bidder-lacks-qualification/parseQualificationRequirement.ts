import { gradeRank } from './gradeRank.ts';
import { normalizeNumerals } from './normalizeNumerals.ts';
import { qualificationVocabulary } from './qualificationVocabulary.ts';

/** One 资质 a requirement asks for. */
export interface RequiredQualification {
  /**
   * Canonical type: `建筑工程施工总承包`, `钢结构工程专业承包`, `施工劳务`, `工程监理`, `工程设计`,
   * `工程勘察`; a bare `施工总承包` / `专业承包` when the text names no trade (any trade then does).
   */
  type: string;
  /** Engineering services: the 行业/专业 named (房屋建筑, 市政行业道路); null = any. */
  specialty: string | null;
  /** Lowest acceptable grade rank (1 = 一级/甲级, 2 = 二级/乙级 …); null = any grade. */
  minRank: number | null;
  /** The words it was read from. */
  text: string;
  /** True when the type is in the vocabulary (建市〔2014〕159号, the services families); false for words read as written. */
  known: boolean;
}

export interface ParsedRequirement {
  /** `unparsed`: the text names no 资质 this parser knows (a data gap, never a hit). */
  status: 'parsed' | 'unparsed';
  /** Any one alternative suffices; each alternative needs every qualification it lists. */
  alternatives: RequiredQualification[][];
  /** What the text says about consortium bids (联合体). */
  consortium: 'accepted' | 'refused' | 'unstated';
}

const { generalContracting, specialistContracting, aliases } = qualificationVocabulary;
/** Every trade stem the text may name before 施工总承包 / 专业承包, longest first so 公路路基工程 beats 公路. */
const stems = [...new Set([...generalContracting, ...specialistContracting, ...Object.keys(aliases)])].sort((a, b) => b.length - a.length);

/** Where a 资质 is named: the family word. 监理工程师, 设计师 … are people, not firms. */
const anchorPattern = /施工总承包|专业承包|施工劳务|劳务分包|劳务资质|工程监理|监理(?!工程师|员|人员)|工程设计|设计(?!师|人员|院|方案|图|文件)|工程勘察|勘察(?!人员)/g;
/** A grade right after the type (after 资质, 等级为 …): 三级及以上, 甲级, 综合资质, 不低于二级. */
const gradeAfter = /^(?:企业)?(?:资质)?(?:证书)?[,，]?(?:资质)?(?:等级)?(?:须|应)?(?:为|达到|不低于|:)?((?:特|[一二三四甲乙丙丁])级|综合)((?:资质)?(?:\(含(?:本级|[一二三甲乙丙]级)?\))?(?:及以上|或以上|以上|及其以上)(?:\(含(?:本级|[一二三甲乙丙]级)?\))?)?/;
/** A grade before the type: 具有二级及以上建筑工程施工总承包资质. */
const gradeBefore = /((?:特|[一二三四甲乙丙丁])级)(?:\(含\))?(?:及以上|或以上|以上|及其以上)?(?:\(含[^)]{0,4}\))?(?:的)?$/;
/** A services specialty after the family: 工程设计市政行业(道路工程)专业乙级, 工程监理房屋建筑工程专业甲级. */
const specialtyAfter = /^([\u4e00-\u9fa5]{1,10}?(?:行业|专业|专项)(?:\([^)]{1,12}\))?(?:专业)?)/;
/** What may separate the trade stem from the words before it. */
const stemBoundary = /.*(?:的|具备|具有|持有|拥有|取得|须|需|应|并|且|或|和|及|与|、|,|，|;|；|:|：|\(|\)|\d|\.|。|以上|资质|核发|颁发|有效)/;

interface Found extends RequiredQualification {
  start: number;
  end: number;
}

/**
 * Reads a tender's stated qualification requirement (资格要求) into the 资质 types and minimum
 * grades it asks for, as real announcements write it: 「具备建设行政主管部门核发的建筑工程施工总承包
 * 贰级及以上资质」, 「市政公用工程施工总承包三级及以上」, 「A资质或B资质」, 「同时具备A和B」,
 * 「具备下列资质之一：A、B」, 「本项目接受联合体投标」. Grades compare by rank (特级 above 一级 above
 * 二级; 甲 = 一, 乙 = 二); "以上" includes the grade named (刑法第九十九条 on 以上; also the
 * practice of every notice that writes 「二级以上（含二级）」), and a bare grade is read as a minimum
 * (建筑法第二十六条: a higher grade may take what a lower grade may). A type without its own grade
 * takes the grade of the next type in the same list (「A或B三级及以上资质」).
 *
 * @example
 * parseQualificationRequirement('具备市政公用工程施工总承包叁级及以上资质')
 * // { status: 'parsed', consortium: 'unstated', alternatives: [[{ type: '市政公用工程施工总承包',
 * //   specialty: null, minRank: 3, text: '市政公用工程施工总承包三级及以上', known: true }]] }
 */
export function parseQualificationRequirement(raw: string): ParsedRequirement {
  // Structured values arrive as their JSON text ({"type": …, "grade": …}, lists): keys and quotes carry nothing.
  const text = normalizeNumerals(raw.normalize('NFKC').replace(/[A-Za-z_"{}[\]]/g, '').replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')'));
  const consortium = /不接受联合体|不允许联合体|不得以联合体|拒绝联合体|联合体投标不予接受|不接受.{0,4}联合体/.test(text)
    ? 'refused'
    : /联合体/.test(text) ? 'accepted' : 'unstated';

  const found: Found[] = [...anchored(text), ...bareTrades(text)].sort((a, b) => a.start - b.start);
  const items = found.filter((item, i) => !found.some((other, j) => j !== i && other.start <= item.start && other.end >= item.end && (other.end - other.start > item.end - item.start || j < i)));
  if (items.length === 0) return { status: 'unparsed', alternatives: [], consortium };

  // 「A或B三级及以上」: a type without its grade takes the grade of the next one in the list.
  for (let i = items.length - 2; i >= 0; i -= 1) {
    const gap = text.slice(items[i]!.end, items[i + 1]!.start);
    if (items[i]!.minRank === null && /^(?:资质)?(?:或|和|及|与|、|\/)$/.test(gap)) items[i]!.minRank = items[i + 1]!.minRank;
  }
  // 「下列资质之一」, 「任一」: the listed types are alternatives even when joined by 、 or ；.
  const anyOne = /之一|其中一|任一|任意一/.test(text);
  const alternatives: RequiredQualification[][] = [[]];
  items.forEach((item, i) => {
    if (i > 0) {
      const gap = text.slice(items[i - 1]!.end, item.start);
      const explicitAnd = /同时|并且|以及|和|并具|且具/.test(gap);
      const isOr = /或/.test(gap) || gap === '' || (anyOne && !explicitAnd);
      if (isOr) alternatives.push([]);
    }
    alternatives[alternatives.length - 1]!.push({ type: item.type, specialty: item.specialty, minRank: item.minRank, text: item.text, known: item.known });
  });
  return { status: 'parsed', alternatives, consortium };
}

/** Types named by their family word (施工总承包, 专业承包, 监理 …), with the trade before and the grade around. */
function anchored(text: string): Found[] {
  const out: Found[] = [];
  for (const match of text.matchAll(anchorPattern)) {
    const anchor = match[0];
    const at = match.index;
    const before = text.slice(Math.max(0, at - 24), at);
    let start = at;
    let type: string;
    let known = true;
    let specialty: string | null = null;
    if (anchor === '施工总承包' || anchor === '专业承包') {
      const stem = stems.find((s) => before.endsWith(s));
      const loose = stem ?? before.replace(stemBoundary, '');
      const canonical = stem ? (aliases[stem] ?? stem) : shorthand(loose, anchor === '施工总承包' ? generalContracting : specialistContracting);
      start = at - (stem ?? loose).length;
      type = `${canonical}${anchor}`;
      known = canonical === '' || [...generalContracting, ...specialistContracting].includes(canonical as never);
    } else if (/劳务/.test(anchor)) {
      type = '施工劳务';
    } else {
      type = anchor.includes('监理') ? '工程监理' : anchor.includes('设计') ? '工程设计' : '工程勘察';
      const stem = before.replace(stemBoundary, '');
      if (stem && stem !== '工程' && anchor.length === 2) {
        specialty = stem;
        start = at - stem.length;
      }
    }
    let end = at + anchor.length;
    let rest = text.slice(end);
    if (type.startsWith('工程') && specialty === null) {
      const named = specialtyAfter.exec(rest);
      if (named && gradeAfter.test(rest.slice(named[0].length))) {
        specialty = named[1]!;
        end += named[0].length;
        rest = text.slice(end);
      }
    }
    let minRank: number | null = null;
    const after = gradeAfter.exec(rest);
    if (after) {
      minRank = gradeRank(after[1]!);
      end += after[0].length;
    } else {
      const grade = gradeBefore.exec(text.slice(Math.max(0, start - 16), start));
      if (grade) {
        minRank = gradeRank(grade[1]!);
        start -= grade[0].length;
      }
    }
    out.push({ type, specialty: specialty ? normalizeSpecialty(specialty) : null, minRank, text: text.slice(start, end), known, start, end });
  }
  return out;
}

/** 「具备建筑工程二级及以上资质」: a 施工总承包 trade with its grade but without the family word. */
function bareTrades(text: string): Found[] {
  const out: Found[] = [];
  for (const stem of stems) {
    const canonical = aliases[stem] ?? stem;
    if (!generalContracting.includes(canonical as (typeof generalContracting)[number])) continue;
    let from = text.indexOf(stem);
    while (from >= 0) {
      const end = from + stem.length;
      const after = gradeAfter.exec(text.slice(end));
      if (after && !text.slice(end).startsWith('施工总承包')) {
        out.push({ type: `${canonical}施工总承包`, specialty: null, minRank: gradeRank(after[1]!), text: text.slice(from, end + after[0].length), known: true, start: from, end: end + after[0].length });
      }
      from = text.indexOf(stem, from + 1);
    }
  }
  return out;
}

/** A shortened trade (市政 施工总承包, 钢结构 专业承包): the one vocabulary stem it begins, else the words as written. */
function shorthand(loose: string, family: readonly string[]): string {
  if (loose.length < 2) return loose;
  const candidates = family.filter((stem) => stem.startsWith(loose));
  return candidates.length === 1 ? candidates[0]! : loose;
}

/** 房屋建筑工程专业 and 房屋建筑 name the same specialty. */
function normalizeSpecialty(specialty: string): string | null {
  const core = specialty.replace(/\([^)]*\)/g, '').replace(/工程|行业|专业|专项|资质/g, '');
  return core.length > 0 ? core : null;
}
