import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { mapThenLoadInLanes } from '../ingest/ocds/mapThenLoadInLanes.ts';

/** What ran when: `map 3 start`, `load 3 end`, … in the order it happened. */
function recorder(delays: { map: (batch: number) => number; load: (batch: number) => number }, fail: { map?: number; load?: number } = {}) {
  const events: string[] = [];
  const busy = new Map<string, number>();
  const overlapping: string[] = [];
  const step = (kind: 'map' | 'load') => async (lane: string, batch: number) => {
    if (busy.has(lane)) overlapping.push(`${kind} ${batch} on lane ${lane} while it ran batch ${busy.get(lane)}`);
    busy.set(lane, batch);
    events.push(`${kind} ${batch} start`);
    await sleep(delays[kind](batch));
    busy.delete(lane);
    events.push(`${kind} ${batch} end`);
    if (fail[kind] === batch) throw new Error(`${kind} ${batch} failed`);
  };
  return { events, overlapping, map: step('map'), load: step('load') };
}

const batches = [0, 1, 2, 3, 4, 5];

describe('mapThenLoadInLanes', () => {
  it('loads in batch order, one load at a time, each after its own mapping, and maps beside another lane\'s load', async () => {
    // Uneven maps: batch 1 maps quicker than batch 0, so its load must still wait for load 0.
    const run = recorder({ map: (b) => (b === 0 ? 40 : 10), load: () => 15 });
    await mapThenLoadInLanes(batches, ['a', 'b'], run.map, run.load);
    const at = (event: string) => run.events.indexOf(event);
    for (const b of batches) {
      expect(at(`load ${b} start`)).toBeGreaterThan(at(`map ${b} end`));
      if (b > 0) expect(at(`load ${b} start`)).toBeGreaterThan(at(`load ${b - 1} end`));
    }
    // Two lanes work at once: batch 1 is mapped while batch 0 is still mapping or loading.
    expect(at('map 1 start')).toBeLessThan(at('map 0 end'));
    expect(at('map 2 start')).toBeLessThan(at('load 1 end'));
    // A lane holds one batch at a time (its temp tables).
    expect(run.overlapping).toEqual([]);
    expect(run.events.filter((e) => e.endsWith('end')).length).toBe(batches.length * 2);
  });

  it('with one lane, maps and loads strictly one batch after the other', async () => {
    const run = recorder({ map: () => 5, load: () => 5 });
    await mapThenLoadInLanes([0, 1, 2], ['only'], run.map, run.load);
    expect(run.events).toEqual(['map 0 start', 'map 0 end', 'load 0 start', 'load 0 end', 'map 1 start', 'map 1 end', 'load 1 start', 'load 1 end', 'map 2 start', 'map 2 end', 'load 2 start', 'load 2 end']);
  });

  it.each([
    { fail: { map: 2 }, message: 'map 2 failed' },
    { fail: { load: 1 }, message: 'load 1 failed' },
  ])('after a failure ($message): throws it once everything started has finished, and loads nothing after it', async ({ fail, message }) => {
    const run = recorder({ map: () => 10, load: () => 10 }, fail);
    await expect(mapThenLoadInLanes(batches, ['a', 'b'], run.map, run.load)).rejects.toThrow(message);
    const failedBatch = (fail as { map?: number; load?: number }).map ?? (fail as { load: number }).load;
    // Every start has its end: nothing was left running when the call returned.
    expect(run.events.filter((e) => e.endsWith('start')).length).toBe(run.events.filter((e) => e.endsWith('end')).length);
    for (const b of batches.filter((b) => b > failedBatch)) expect(run.events).not.toContain(`load ${b} start`);
    // It stopped feeding batches: the last ones never started.
    expect(run.events).not.toContain('map 5 start');
  });

  it('refuses batches without a lane', async () => {
    await expect(mapThenLoadInLanes([1], [], async () => undefined, async () => undefined)).rejects.toThrow(/no lane/);
  });
});
