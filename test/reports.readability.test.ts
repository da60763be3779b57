import { describe, expect, it } from 'vitest';
import { rules } from '../rules/registry.ts';
import { citeSeeds } from '../reports/html/citeSeeds.ts';
import { regionName } from '../reports/html/regionName.ts';
import { factLabel } from '../reports/html/factLabel.ts';
import { describeCell } from '../reports/html/describeCell.ts';
import { renderTimelineSvg, type TimelineEvent } from '../reports/html/svg/renderTimelineSvg.ts';
import { maskSensitive } from '../reports/maskSensitive.ts';
import { maskEvidence } from '../reports/maskEvidence.ts';
import { leadScore } from '../leads/leadScore.ts';

describe('report readability', () => {
  it('cites every seed document a rule mentions by its title, never as 种子文件/seed NNN', () => {
    const texts = rules.flatMap((rule) => rule.legalBasis.flatMap((basis) => [citeSeeds(basis.zh, 'zh'), citeSeeds(basis.en, 'en')]));
    const mentioned = rules.flatMap((rule) => rule.legalBasis.map((basis) => basis.zh)).filter((zh) => /种子文件|seed \d{3}/i.test(zh));
    for (const text of texts) expect(text).not.toMatch(/种子文件|\bseed \d{3}/i);
    expect(citeSeeds('整治方案（种子文件000）§三(三)1：规避招标。', 'zh')).toBe('勐海县发展和改革局《勐海县开展重大项目审批监管“阳光行动”工作实施方案》（2023年7月4日发布）§三(三)1：规避招标。');
    expect(citeSeeds('工作方案（seed 003）第三（四）部分', 'zh')).toContain('渤新管字〔2018〕220号');
    expect(citeSeeds('种子文件000/002', 'zh')).toMatch(/阳光行动.*；益阳高新区/);
    // The rules of other folders still mention seeds (mapped at render time): the check above is not vacuous.
    expect(mentioned.length).toBeGreaterThan(0);
  });

  it('names regions, and shows an unknown code as the code', () => {
    expect(regionName('530115')).toBe('昆明市晋宁区');
    expect(regionName('530100')).toBe('昆明市');
    expect(regionName('530199')).toBe('昆明市（530199）');
    expect(regionName('110101')).toBe('110101');
  });

  it('gives fact keys Chinese labels and vocabulary codes their names', () => {
    expect(factLabel('cv_percentile')).toBe('变异系数百分位');
    expect(factLabel('threshold_min_valid_bids')).toBe('阈值：有效投标数（下限）');
    expect(factLabel('some_new_fact')).toBe('some_new_fact');
    expect(describeCell('方式', 'open', () => undefined)).toBe('公开招标');
    expect(describeCell('事项', 'construction_permit', () => undefined)).toBe('施工许可');
    expect(describeCell('中标人', 'C1', (id) => (id === 'C1' ? '恒达建设有限公司' : undefined))).toBe('恒达建设有限公司（C1）');
    expect(describeCell('备注', 'open', () => undefined)).toBe('open');
  });

  it('masks account and certificate numbers always, person names only when asked', () => {
    expect(maskSensitive('付款账户', '6222020200112233777')).toBe('********3777');
    expect(maskSensitive('注册证书号', '云25320275129')).toBe('********5129');
    expect(maskSensitive('项目经理姓名', '姚英磊')).toBe('姚英磊');
    expect(maskSensitive('项目经理姓名', '姚英磊', { numbers: true, personNames: true })).toBe('姚**');
    expect(maskSensitive('付款户名', '云南丰嘉环境服务有限公司', { numbers: true, personNames: true })).toBe('云南丰嘉环境服务有限公司');
    const evidence = { summary_zh: '姚英磊以账户 6222020200112233777 缴纳', facts: { payer_name: '姚英磊', payer_account: '6222020200112233777' } };
    expect(maskEvidence(evidence, { numbers: true, personNames: true }).summary_zh).toBe('姚**以账户 ********3777 缴纳');
    expect(maskEvidence(evidence, { numbers: false, personNames: false })).toBe(evidence);
  });

  it('spreads lead scores by evidence strength', () => {
    const one = leadScore([0.95], 1).score;
    const two = leadScore([0.95, 0.95], 1).score;
    const three = leadScore([0.95, 0.95, 0.85], 1).score;
    expect(one).toBeLessThan(two);
    expect(two).toBeLessThan(three);
    expect(three).toBeLessThan(0.8); // the noisy-or gave 0.9996 here
    expect(leadScore([0.95, 0.95], 4).score).toBeGreaterThan(two);
    expect(leadScore([0.95, 0.95], 4).score).toBeLessThan(three); // four tenders weigh less than a third strong signal
    expect(leadScore(Array(12).fill(0.95), 64).score).toBeLessThan(1);
  });

  it('never prints two timeline labels over each other', () => {
    const events: TimelineEvent[] = ['2023-04-15', '2023-04-22', '2023-05-04', '2023-05-06', '2023-05-30', '2023-06-02', '2023-06-27', '2023-07-01']
      .map((on, i) => ({ on, lane: 'approval', label: ['节能审查', '环评批复', '用地批准', '规划许可', '概算批复', '施工许可', '立项（可研）批复', '项目备案'][i]!, id: `ap${i}` }));
    events.push({ on: '2024-01-01', lane: 'tender', label: 'T1 公告', id: 'T1' }, { on: '2025-01-01', lane: 'construction', label: '开工', id: 'm1' });
    const svg = renderTimelineSvg(events, 't');
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" font-size="11" text-anchor="(\w+)"[^>]*>([^<]+)<\/text>/g)]
      .map(([, x, y, anchor, text]) => {
        const width = [...text!].reduce((w, c) => w + (/[\u2e80-\uffff]/.test(c) ? 11 : 6.2), 0);
        const left = anchor === 'start' ? Number(x) : anchor === 'end' ? Number(x) - width : Number(x) - width / 2;
        return { y: Number(y), left, right: left + width };
      });
    expect(labels.length).toBeGreaterThanOrEqual(6);
    for (const a of labels) for (const b of labels) {
      if (a === b || a.y !== b.y) continue;
      expect(a.right <= b.left || b.right <= a.left, `labels at y=${a.y} overlap`).toBe(true);
    }
  });
});
