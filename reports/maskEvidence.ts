import { defaultMaskPolicy, maskSensitive, type MaskPolicy } from './maskSensitive.ts';

/**
 * Masks a hit's evidence under `policy`: sensitive fields by name (maskSensitive), then every
 * other occurrence of the same values (the rule's sentence, the highlight list, another table),
 * so a number masked in one column cannot be read in the summary.
 */
export function maskEvidence<T>(evidence: T, policy: MaskPolicy = defaultMaskPolicy): T {
  if (!policy.numbers && !policy.personNames) return evidence;
  const secrets = new Map<string, string>();
  const collect = (value: unknown, key: string): void => {
    if (Array.isArray(value)) value.forEach((item) => collect(item, key));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collect(v, k);
    else if (typeof value === 'string') {
      const masked = maskSensitive(key, value, policy);
      if (masked !== value) {
        secrets.set(value, masked as string);
        // A list of names joined by 、 also appears one by one elsewhere.
        const parts = value.split('、');
        const maskedParts = (masked as string).split('、');
        if (parts.length > 1) parts.forEach((part, i) => part !== maskedParts[i] && secrets.set(part, maskedParts[i]!));
      }
    }
  };
  collect(evidence, '');
  if (secrets.size === 0) return evidence;
  const longestFirst = [...secrets.keys()].sort((a, b) => b.length - a.length);
  const replace = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    if (typeof value !== 'string') return value;
    let text = value;
    for (const secret of longestFirst) if (text.includes(secret)) text = text.split(secret).join(secrets.get(secret)!);
    return text;
  };
  return replace(evidence) as T;
}
