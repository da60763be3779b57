/**
 * Promise.all for work running on several connections at once: waits for every promise to settle
 * before it throws the first failure (in the given order), so no statement outlives the call and
 * its connections can be closed safely afterwards.
 *
 * @example
 * const [a, b] = await settleAll([first.query(sql), second.query(sql)]);
 */
export async function settleAll<T>(work: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(work);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}
