import { settleAll } from '../../db/settleAll.ts';

/**
 * Runs `map` then `load` for every batch, in lanes: batch i goes to lane i mod lanes.length. A
 * lane maps its next batch while another lane loads, so two lanes keep two cores busy; the loads
 * run one at a time, in batch order (a batch's load waits for its own mapping and the previous
 * batch's load). A lane takes a new batch only once it has loaded its last one, so a lane's
 * scratch state (its connection's temp tables) holds one batch at a time.
 *
 * On a failure no further batch starts, every started map and load is waited for (no statement
 * outlives the call), and the first failure in batch order is thrown; no load runs after a failed
 * map or load.
 *
 * @example
 * await mapThenLoadInLanes(batches, lanes, (lane, batch) => mapBatch(lane.connection, batch), (lane) => loadBatch(lane.connection));
 */
export async function mapThenLoadInLanes<Lane, Batch>(
  batches: readonly Batch[],
  lanes: readonly Lane[],
  map: (lane: Lane, batch: Batch) => Promise<void>,
  load: (lane: Lane, batch: Batch) => Promise<void>,
): Promise<void> {
  if (batches.length > 0 && lanes.length === 0) throw new Error('mapThenLoadInLanes: no lane to run the batches in');
  const laneDone: Promise<void>[] = lanes.map(() => Promise.resolve());
  const loads: Promise<void>[] = [];
  let previousLoad: Promise<void> = Promise.resolve();
  let failed = false;
  for (const [index, batch] of batches.entries()) {
    const laneIndex = index % lanes.length;
    const lane = lanes[laneIndex]!;
    await laneDone[laneIndex];
    if (failed) break;
    const mapped = map(lane, batch);
    // Settles only after this batch's own mapping has, whatever the previous load did.
    const loaded = Promise.allSettled([mapped, previousLoad]).then(([ownMapping, earlierLoad]) => {
      if (ownMapping.status === 'rejected') throw ownMapping.reason;
      if (earlierLoad.status === 'rejected') throw earlierLoad.reason;
      return load(lane, batch);
    });
    loaded.catch(() => {
      failed = true;
    });
    laneDone[laneIndex] = loaded.then(
      () => undefined,
      () => undefined,
    );
    previousLoad = loaded;
    loads.push(loaded);
  }
  await settleAll(loads);
}
