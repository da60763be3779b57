/**
 * kafkajs' admin does not retry a group coordinator that is still loading or has just moved
 * (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS: every fresh broker answers so for the first
 * seconds, and a cluster does while it moves partition leaders): such errors come back flagged
 * `retriable` and are tried again for up to `timeoutMs`.
 *
 * @example
 * const offsets = await retryRetriable(() => admin.fetchOffsets({ groupId, topics }));
 */
export async function retryRetriable<T>(work: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await work();
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable !== true || Date.now() + wait > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
