import { createHash } from 'node:crypto';
import type { FlagCase } from './groupFlagsIntoCases.ts';

export interface KnownLead {
  lead_id: string;
  first_seen_run: string;
  /** Every case key the lead has carried in any earlier scan. */
  keys: string[];
}

/**
 * Gives each case a lead id that stays the same from one nightly scan to the next.
 *
 * A case keeps the id of the known lead it shares the most keys with (ties: the older lead),
 * so a case that grows (a new tender joins the ring) keeps its id and its review status. A known
 * lead goes to one case only; when a case splits, the part sharing most keys keeps the id.
 * A new case gets `L-` + a hash of its smallest key, so a fresh database gives the same ids too.
 */
export function assignLeadIds(cases: readonly FlagCase[], known: readonly KnownLead[]): string[] {
  const leadsByKey = new Map<string, KnownLead[]>();
  for (const lead of known) {
    for (const key of lead.keys) leadsByKey.set(key, [...(leadsByKey.get(key) ?? []), lead]);
  }
  // Candidate (case, lead, overlap) pairs, strongest first, then claimed greedily.
  const candidates: { caseIndex: number; lead: KnownLead; overlap: number }[] = [];
  cases.forEach((flagCase, caseIndex) => {
    const overlap = new Map<KnownLead, number>();
    for (const key of flagCase.keys) for (const lead of leadsByKey.get(key) ?? []) overlap.set(lead, (overlap.get(lead) ?? 0) + 1);
    for (const [lead, count] of overlap) candidates.push({ caseIndex, lead, overlap: count });
  });
  candidates.sort(
    (a, b) => b.overlap - a.overlap || a.lead.first_seen_run.localeCompare(b.lead.first_seen_run) || a.lead.lead_id.localeCompare(b.lead.lead_id) || a.caseIndex - b.caseIndex,
  );
  const ids: (string | undefined)[] = cases.map(() => undefined);
  const claimed = new Set<string>();
  for (const { caseIndex, lead } of candidates) {
    if (ids[caseIndex] !== undefined || claimed.has(lead.lead_id)) continue;
    ids[caseIndex] = lead.lead_id;
    claimed.add(lead.lead_id);
  }
  const taken = new Set(known.map((lead) => lead.lead_id));
  return ids.map((id, caseIndex) => {
    if (id) return id;
    const anchor = cases[caseIndex]!.keys[0]!;
    let fresh = `L-${createHash('sha1').update(anchor).digest('hex').slice(0, 10)}`;
    for (let n = 2; taken.has(fresh); n += 1) fresh = `L-${createHash('sha1').update(`${anchor}#${n}`).digest('hex').slice(0, 10)}`;
    taken.add(fresh);
    return fresh;
  });
}
