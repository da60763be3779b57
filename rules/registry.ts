import type { Rule } from './Rule.ts';
import { orderRules } from './orderRules.ts';
import { registeredRules } from './registry.generated.ts';

/**
 * Every rule bidwatch runs, family by family in catalogue order: one per folder
 * `rules/<family>/<CODE>-<slug>/` (registry.generated.ts, written from the folders by
 * `npm run new-rule`). Checked on load: a rule that runs after an unknown rule, or a cycle of
 * `after`, stops here rather than mid-scan.
 */
export const rules: Rule[] = registeredRules;
orderRules(rules);
