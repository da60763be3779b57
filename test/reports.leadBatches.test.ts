import { describe, expect, it } from 'vitest';
import { synthesiseReportLeads } from '../bench/synthesiseReportLeads.ts';
import { loadRunHeader } from '../reports/loadRunHeader.ts';
import { leadBatchRanges, readRawLeadBatches } from '../reports/readRawLeadBatches.ts';
import type { RawReportLead } from '../reports/parseReportLead.ts';
import { withCompactHeaps } from '../reports/withCompactHeaps.ts';
import { withDatabase } from './support/withDatabase.ts';

describe('leadBatchRanges: batches bounded by count and by bytes', () => {
  it('closes a batch at the lead count or before the bytes would pass the bound', () => {
    expect(leadBatchRanges([10, 10, 30, 5], 3, 25)).toEqual([{ first: 1, last: 2 }, { first: 3, last: 3 }, { first: 4, last: 4 }]);
    expect(leadBatchRanges([1, 1, 1, 1, 1, 1, 1], 3, 1000)).toEqual([{ first: 1, last: 3 }, { first: 4, last: 6 }, { first: 7, last: 7 }]);
    // Exactly at the bound still fits; one byte over does not.
    expect(leadBatchRanges([10, 15, 1], 10, 25)).toEqual([{ first: 1, last: 2 }, { first: 3, last: 3 }]);
  });

  it('gives a lead heavier than the bound a batch of its own, and nothing for no leads', () => {
    expect(leadBatchRanges([5, 100, 5, 5], 10, 20)).toEqual([{ first: 1, last: 1 }, { first: 2, last: 2 }, { first: 3, last: 4 }]);
    expect(leadBatchRanges([100], 10, 20)).toEqual([{ first: 1, last: 1 }]);
    expect(leadBatchRanges([], 10, 20)).toEqual([]);
  });

  it('covers every rank once, in order, whatever the weights', () => {
    let seed = 7;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    for (let trial = 0; trial < 50; trial += 1) {
      const weights = Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 1000));
      const maxLeads = 1 + Math.floor(random() * 40);
      const maxBytes = 1 + Math.floor(random() * 5000);
      const ranges = leadBatchRanges(weights, maxLeads, maxBytes);
      expect(ranges[0]!.first).toBe(1);
      expect(ranges.at(-1)!.last).toBe(weights.length);
      ranges.forEach((range, i) => {
        if (i > 0) expect(range.first).toBe(ranges[i - 1]!.last + 1);
        const count = range.last - range.first + 1;
        const bytes = weights.slice(range.first - 1, range.last).reduce((sum, w) => sum + w, 0);
        expect(count).toBeLessThanOrEqual(maxLeads);
        if (count > 1) expect(bytes).toBeLessThanOrEqual(maxBytes);
      });
    }
  });
});

describe('readRawLeadBatches with a byte bound', () => {
  it('reads the same leads and flags, in the same order, in smaller batches where the evidence is large', async () => {
    await withDatabase(async (db) => {
      await synthesiseReportLeads(db, 300);
      const header = await loadRunHeader(db, 'run-1');
      const collect = async (options: { batchSize: number; batchBytes?: number }) => {
        const batches: RawReportLead[][] = [];
        for await (const batch of readRawLeadBatches(db, header, options)) batches.push(batch);
        return batches;
      };
      const whole = await collect({ batchSize: Infinity });
      const byCount = await collect({ batchSize: 100, batchBytes: Number.MAX_SAFE_INTEGER });
      const byBytes = await collect({ batchSize: 100, batchBytes: 40_000 });
      expect(whole).toHaveLength(1);
      expect(byCount.map((batch) => batch.length)).toEqual([100, 100, 100]);
      // The byte bound cuts more, smaller batches, each within it unless it holds one lead.
      expect(byBytes.length).toBeGreaterThan(3);
      for (const batch of byBytes) {
        expect(batch.length).toBeLessThanOrEqual(100);
        const evidence = batch.reduce((sum, lead) => sum + lead.flags.reduce((s, flag) => s + String(flag.evidence).length, 0), 0);
        if (batch.length > 1) expect(evidence).toBeLessThanOrEqual(40_000);
      }
      expect(byBytes.flat()).toEqual(whole[0]);
      expect(byCount.flat()).toEqual(whole[0]);
    });
  });
});

describe('withCompactHeaps', () => {
  it('keeps a heap that allocates and drops near what it holds', async () => {
    // About 60 MB held while ten times that is allocated and dropped: V8's own factor lets
    // the heap grow to several times what it holds between collections; 20 % must not.
    const largest = await withCompactHeaps(async () => {
      const held = Array.from({ length: 600_000 }, (_, i) => ({ i, text: `held ${i}` }));
      let peak = 0;
      for (let round = 0; round < 60; round += 1) {
        const dropped = Array.from({ length: 100_000 }, (_, i) => ({ i, text: `dropped ${i} ${round}` }));
        held[round] = dropped[round % dropped.length]!;
        peak = Math.max(peak, process.memoryUsage().heapTotal);
      }
      return { peak, held: process.memoryUsage().heapUsed };
    }, 20);
    expect(largest.peak).toBeLessThan(260_000_000);
  });

  it('refuses a growth that is not a whole percentage', async () => {
    await expect(withCompactHeaps(async () => 1, 0)).rejects.toThrow(/whole percentage/);
    await expect(withCompactHeaps(async () => 1, 12.5)).rejects.toThrow(/whole percentage/);
  });
});
