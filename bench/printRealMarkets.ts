import { PRECISION_AT_K_DEFINITION, type RealMarketEvaluation } from './evaluateRealMarket.ts';

const n = (v: number | null, digits = 3) => (v === null ? '—' : v.toFixed(digits));
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);

/** Prints the real-markets table of `npm run eval`: screens, rules and leads per labelled market. */
export function printRealMarkets(markets: readonly RealMarketEvaluation[]): void {
  if (markets.length === 0) return;
  console.log('\n=== real labelled markets ===');
  console.log('market     tenders  base   screened≥4  base≥4  AUC score  AUC −CV  leads  leads/tenders    k  lead-P@k (tenders)  lift  tender-P@k  lift');
  for (const m of markets) {
    console.log(
      `${m.market.padEnd(10)} ${String(m.tenders).padStart(7)}  ${n(m.baseRate, 2)}  ${String(m.screens.tenders).padStart(10)}  ${n(m.screens.baseRate, 2).padStart(6)}  ${n(m.screens.aucScore).padStart(9)}  ${n(m.screens.aucNegativeCv).padStart(7)}  ${String(m.leads.count).padStart(5)}  ${pct(m.leads.perTender).padStart(13)}  ${String(m.leads.k).padStart(3)}  ${`${n(m.leads.leadPrecisionAtK, 2)} (${m.leads.leadTendersAtK})`.padStart(18)}  ${n(m.leads.leadLiftAtK, 2).padStart(4)}  ${n(m.leads.tenderPrecisionAtK, 2).padStart(10)}  ${n(m.leads.tenderLiftAtK, 2).padStart(4)}`,
    );
  }
  console.log(`(${PRECISION_AT_K_DEFINITION})`);
  console.log('\nper rule (rules with at least one flagged tender): tenders flagged · precision · lift over base · flag rate');
  for (const m of markets) {
    const active = m.rules.filter((r) => r.tendersFlagged > 0);
    console.log(`${m.market}: ${active.length === 0 ? 'no rule flagged a tender' : ''}`);
    for (const r of active) {
      console.log(`  ${r.ruleId.padEnd(40)} ${String(r.tendersFlagged).padStart(6)}  ${n(r.precision, 2)}  ${n(r.lift, 2).padStart(5)}×  ${pct(r.flagRate).padStart(8)}${r.nonDiscriminating ? '  non-discriminating here: withheld (withheld_flags), not in flags or leads' : ''}`);
    }
    const r = m.ringLeads;
    console.log(
      `  A7 ring leads: ${r.rings.length}${r.rings.length ? ` (${r.rings.map((ring) => `${ring.caseKey}: ${ring.firms} firms, ${ring.tenders} tenders, ${ring.collusive} collusive`).join('; ')})` : ''}; ` +
        `together ${pct(r.shareOfCollusive ?? 0)} of the labelled collusive tenders and ${pct(r.shareOfClean ?? 0)} of the clean ones, precision ${n(r.precision, 2)} (${n(r.lift, 2)}× base)` +
        `${r.shareOfCollusive !== null && r.shareOfCollusive >= 1 / 3 && r.lift !== null && r.lift >= 3 ? ' — ≥ 1/3 at ≥ 3× ✓' : ''}`,
    );
    const c = m.checks;
    console.log(
      `  issue 18 done-when: max flag rate beyond A1–A3 ${pct(c.maxFlagRateBeyondA1toA3)}${c.rulesOver30Percent.length ? ` (over 30 % and in the leads: ${c.rulesOver30Percent.join(', ')})` : c.rulesOver30PercentKeptOutOfLeads.length ? ` (over 30 % but non-discriminating, withheld from flags and leads: ${c.rulesOver30PercentKeptOutOfLeads.join(', ')}) ✓` : ' ≤ 30 % ✓'}; ` +
        `leads ${pct(m.leads.perTender)} of tenders ${c.leadsWithin30Percent ? '≤ 30 % ✓' : '> 30 % ✗'}; ` +
        `lead precision@k ${c.precisionAtKLiftOk === null ? 'not judged (base ≥ 0.5)' : c.precisionAtKLiftOk ? '≥ 1.5× base ✓' : '< 1.5× base ✗'}`,
    );
  }
}
