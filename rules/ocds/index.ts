import { rules } from '../registry.ts';
import type { OcdsRule } from './defineOcdsRule.ts';

/** The ocds family: Cardinal 0.0.8's indicators, in its order (R003 … R058): every folder under rules/ocds/ (registry.generated.ts). */
export const ocdsRules: OcdsRule[] = rules.filter((rule) => rule.family === 'ocds') as OcdsRule[];
