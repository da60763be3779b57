import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, test, vi } from 'vitest';
import { ingestCommand } from '../../cli/commands/ingest.ts';
import { main } from '../../cli/main.ts';
import { generateProvince } from '../../demo/generateProvince.ts';
import { publishDirectory } from '../../ingest/kafka/publishDirectory.ts';
import { freshSettings, kafkaFlags } from './ingestSupport.ts';

const bootstrap = inject('kafkaBootstrap');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bidwatch-ingest-cli-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** Runs `bidwatch <args>` in this process; returns the exit code and what it printed. */
async function bidwatch(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
  try {
    const code = await main(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('bidwatch ingest (command)', () => {
  test('the nightly cron line: ingest, then scan --no-load, writes the leads', async () => {
    const input = path.join(dir, 'demo');
    const { counts } = await generateProvince({ outDir: input, scale: 0.1 });
    const bids = (counts.bids ?? 0).toLocaleString('en-US');
    const settings = freshSettings(bootstrap);
    await publishDirectory(input, settings);
    const db = path.join(dir, 'nightly.duckdb');
    const out = path.join(dir, 'reports');

    const ingest = await bidwatch(['ingest', '--db', db, '--quiet', ...kafkaFlags(settings)]);
    expect(ingest, ingest.err).toMatchObject({ code: 0 });
    expect(ingest.out).toMatch(new RegExp(`^bids +${bids} +${bids} +${bids} +0 +0 +0$`, 'm'));
    expect(ingest.out).toContain('reached the end offsets seen at start');

    const scan = await bidwatch(['scan', '--db', db, '--no-load', '--out', out]);
    expect(scan, scan.err).toMatchObject({ code: 0 });
    expect(scan.out).not.toMatch(/^type +read/m); // no load table: nothing was loaded from files
    const report = JSON.parse(await readFile(path.join(out, 'latest', 'leads.json'), 'utf8')) as { leads: unknown[] };
    expect(report.leads.length).toBeGreaterThan(0);

    const again = await bidwatch(['ingest', '--db', db, '--quiet', ...kafkaFlags(settings)]);
    expect(again).toMatchObject({ code: 0, out: expect.stringContaining('nothing new since the last run') });
  });

  test('an unreachable broker is exit 1 with the address; bad flags are exit 2 before connecting', async () => {
    const db = path.join(dir, 'x.duckdb');
    await expect(ingestCommand.run({ db, brokers: '127.0.0.1:1', quiet: true }, [])).rejects.toMatchObject({
      name: 'CliError',
      exitCode: 1,
      message: expect.stringContaining('cannot reach Kafka at 127.0.0.1:1'),
    });
    await expect(ingestCommand.run({ db, brokers: bootstrap, 'topic-prefix': 'nothing-here.', quiet: true }, [])).rejects.toMatchObject({
      name: 'CliError',
      exitCode: 1,
      message: expect.stringContaining('none of the record topics exists'),
    });
    await expect(ingestCommand.run({ db, 'sasl-mechanism': 'plain' }, [])).rejects.toMatchObject({ name: 'CliError', exitCode: 2 });
    await expect(ingestCommand.run({ db, 'batch-size': '0' }, [])).rejects.toMatchObject({ name: 'CliError', exitCode: 2 });
  });
});
