import { describe, expect, test } from 'vitest';
import { retryRetriable } from '../../ingest/kafka/retryRetriable.ts';

const retriable = (message: string) => Object.assign(new Error(message), { retriable: true });

describe('retryRetriable', () => {
  test('tries again while the error is flagged retriable (a coordinator still loading), then returns', async () => {
    const answers: (() => number)[] = [
      () => { throw retriable('This is not the correct coordinator for this group'); },
      () => { throw retriable('The coordinator is loading and hence can\'t process requests'); },
      () => 42,
    ];
    let calls = 0;
    await expect(retryRetriable(async () => answers[calls++]!())).resolves.toBe(42);
    expect(calls).toBe(3);
  });

  test('gives up at once on an error that is not retriable, and after the deadline on one that is', async () => {
    let calls = 0;
    await expect(retryRetriable(async () => { calls += 1; throw new Error('Topic authorization failed'); })).rejects.toThrow('Topic authorization failed');
    expect(calls).toBe(1);
    calls = 0;
    await expect(retryRetriable(async () => { calls += 1; throw retriable('not the coordinator'); }, 250)).rejects.toThrow('not the coordinator');
    expect(calls).toBeGreaterThan(1);
  });
});
