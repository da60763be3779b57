import { describe, expect, it } from 'vitest';
import { ocdsRules } from '../rules/ocds/index.ts';
import { rules } from '../rules/registry.ts';

/** rules/ocds/index.ts imports the ocds folders itself (for start-up time): the registry's ocds family, in the same order. */
describe('ocdsRules', () => {
  it('are the registry\'s ocds rules, in Cardinal\'s order', () => {
    const registered = rules.filter((rule) => rule.family === 'ocds');
    expect(ocdsRules.map((rule) => rule.id)).toEqual(registered.map((rule) => rule.id));
    expect(ocdsRules.map((rule) => rule.cardinal.code)).toEqual(['R003', 'R018', 'R024', 'R025', 'R028', 'R030', 'R035', 'R036', 'R038', 'R048', 'R058']);
    expect(ocdsRules.every((rule, i) => rule === registered[i])).toBe(true);
  });
});
