import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, test, vi } from 'vitest';
import { publishCommand } from '../../cli/commands/publish.ts';
import { readTopics } from './readTopics.ts';

const bootstrap = inject('kafkaBootstrap');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bidwatch-publish-cli-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('bidwatch publish', () => {
  test('publishes the directory given and prints counts per topic', async () => {
    await writeFile(path.join(dir, 'tenders.jsonl'), '{"id":"T1"}\n{"id":"T2"}\n{"id":"T3"}\n');
    const prefix = `c${randomUUID().slice(0, 8)}.`;
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));

    const code = await publishCommand.run({ brokers: bootstrap, 'topic-prefix': prefix, quiet: true }, [dir]);

    expect(code).toBe(0);
    const report = printed.join('\n');
    expect(report).toContain(`Published ${dir} to ${bootstrap}:`);
    expect(report).toMatch(new RegExp(`${prefix.replace('.', '\\.')}tenders +3\\n`));
    expect(report).toMatch(new RegExp(`${prefix.replace('.', '\\.')}bids +no file\\n`));
    expect((await readTopics(bootstrap, [`${prefix}tenders`])).map((m) => m.key).sort()).toEqual(['T1', 'T2', 'T3']);
  });

  test('reports bad flags as usage errors before connecting', async () => {
    await expect(publishCommand.run({ 'sasl-mechanism': 'plain' }, [dir])).rejects.toMatchObject({
      name: 'CliError',
      exitCode: 2,
      message: expect.stringContaining('--sasl-username / BIDWATCH_KAFKA_SASL_USERNAME'),
    });
    await expect(publishCommand.run({ brokers: bootstrap }, [dir, 'extra'])).rejects.toMatchObject({ name: 'CliError', exitCode: 2 });
    await expect(publishCommand.run({ brokers: bootstrap, 'batch-size': '0' }, [dir])).rejects.toMatchObject({ name: 'CliError', exitCode: 2 });
    await expect(publishCommand.run({ brokers: bootstrap }, [dir])).rejects.toMatchObject({
      name: 'CliError',
      message: expect.stringContaining('no record files'),
    });
  });
});
