import { describe, expect, it } from 'vitest';
import { parseQualificationRequirement } from '../rules/qualification/B4-bidder-lacks-qualification/parseQualificationRequirement.ts';
import { gradeRank } from '../rules/qualification/B4-bidder-lacks-qualification/gradeRank.ts';

/** The alternatives as `type≥rank` strings, so a case reads like the requirement. */
const read = (text: string) => {
  const parsed = parseQualificationRequirement(text);
  return parsed.alternatives.map((alternative) => alternative.map((q) => `${q.type}${q.specialty ? `[${q.specialty}]` : ''}${q.minRank === null ? '' : `≥${q.minRank}`}`));
};

describe('parseQualificationRequirement', () => {
  it.each([
    ['市政公用工程施工总承包三级及以上', [['市政公用工程施工总承包≥3']]],
    ['具备建设行政主管部门核发的建筑工程施工总承包贰级及以上资质', [['建筑工程施工总承包≥2']]],
    ['具有建筑工程施工总承包二级以上（含二级）资质，并具有有效的安全生产许可证', [['建筑工程施工总承包≥2']]],
    ['具有二级及以上建筑工程施工总承包资质', [['建筑工程施工总承包≥2']]],
    ['具有建筑工程施工总承包资质，资质等级不低于二级', [['建筑工程施工总承包≥2']]],
    ['具备房屋建筑工程施工总承包特级资质', [['建筑工程施工总承包≥0']]],
    ['具备建筑工程二级及以上资质', [['建筑工程施工总承包≥2']]],
    ['具备钢结构工程专业承包２级及以上资质', [['钢结构工程专业承包≥2']]],
    ['具备施工劳务资质', [['施工劳务']]],
    ['具备市政施工总承包三级及以上资质', [['市政公用工程施工总承包≥3']]],
    ['具备钢结构专业承包二级资质', [['钢结构工程专业承包≥2']]],
    ['建筑工程施工总承包', [['建筑工程施工总承包']]],
  ])('reads the type and minimum grade of %s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it('reads 或 and 之一 as alternatives, and a shared grade for every type of the list', () => {
    expect(read('具备水利水电工程施工总承包三级及以上资质或公路工程施工总承包三级及以上资质')).toEqual([['水利水电工程施工总承包≥3'], ['公路工程施工总承包≥3']]);
    expect(read('具备市政公用工程施工总承包或建筑工程施工总承包叁级及以上资质')).toEqual([['市政公用工程施工总承包≥3'], ['建筑工程施工总承包≥3']]);
    expect(read('具备下列资质之一：建筑工程施工总承包三级及以上、市政公用工程施工总承包三级及以上')).toEqual([['建筑工程施工总承包≥3'], ['市政公用工程施工总承包≥3']]);
  });

  it('reads 同时具备 … 和 … and separate numbered conditions as all needed', () => {
    expect(read('投标人须同时具备工程设计市政行业（道路工程）专业乙级及以上资质和市政公用工程施工总承包二级及以上资质')).toEqual([['工程设计[市政]≥2', '市政公用工程施工总承包≥2']]);
    expect(read('1.具备建筑工程施工总承包三级及以上资质；2.具备建筑装修装饰工程专业承包二级及以上资质')).toEqual([['建筑工程施工总承包≥3', '建筑装修装饰工程专业承包≥2']]);
  });

  it('ignores registrations of people (注册建造师, 监理工程师), which are not 资质 of the firm', () => {
    expect(read('1.具有独立法人资格；2.具备建筑工程施工总承包三级及以上资质；3.拟派项目经理须具备建筑工程专业二级及以上注册建造师执业资格，总监理工程师须持证')).toEqual([['建筑工程施工总承包≥3']]);
  });

  it('reads 综合资质 as above every grade of its family', () => {
    expect(read('工程监理综合资质或房屋建筑工程监理甲级资质')).toEqual([['工程监理≥0'], ['工程监理≥1']]);
  });

  it('reads structured values by their JSON text', () => {
    expect(read('{"type":"建筑工程施工总承包","grade":"二级及以上"}')).toEqual([['建筑工程施工总承包≥2']]);
    expect(read('建筑工程施工总承包 二级')).toEqual([['建筑工程施工总承包≥2']]);
  });

  it('says what it says about consortia', () => {
    expect(parseQualificationRequirement('具备建筑工程施工总承包三级及以上资质，本项目接受联合体投标').consortium).toBe('accepted');
    expect(parseQualificationRequirement('具备建筑工程施工总承包三级及以上资质，本项目不接受联合体投标').consortium).toBe('refused');
    expect(parseQualificationRequirement('具备建筑工程施工总承包三级及以上资质').consortium).toBe('unstated');
  });

  it('marks text that names no 资质 as unparsed', () => {
    expect(parseQualificationRequirement('投标人须具备有效的营业执照').status).toBe('unparsed');
    expect(parseQualificationRequirement('详见招标文件').alternatives).toEqual([]);
  });
});

describe('gradeRank', () => {
  it.each([
    ['特级', 0], ['综合资质', 0], ['一级', 1], ['甲级', 1], ['贰级', 2], ['乙级', 2], ['三级', 3], ['叁级', 3], ['丙级', 3], ['2级', 2], ['不分等级', null], [null, null],
  ])('%s ranks %s', (grade, rank) => {
    expect(gradeRank(grade)).toBe(rank);
  });
});
