import { constants } from 'node:os';
import { CliError } from '../CliError.ts';
import type { Command } from '../Command.ts';
import { printLoadSummary } from '../printLoadSummary.ts';
import { openForWrite } from '../openForWrite.ts';
import { IngestError } from '../../ingest/kafka/IngestError.ts';
import { ingestTopics, type IngestProgress, type IngestSummary } from '../../ingest/kafka/ingestTopics.ts';
import { kafkaCommandOptions } from '../kafkaCommandOptions.ts';
import { kafkaSettings, type KafkaSettings } from '../../ingest/kafka/kafkaSettings.ts';
import { KafkaSettingsError } from '../../ingest/kafka/KafkaSettingsError.ts';
import { recordTypeNames } from '../../db/recordSchemas.ts';
import { DEFAULT_DATABASE } from '../defaultPaths.ts';

const number = new Intl.NumberFormat('en-US');

function positiveInteger(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--${name} must be a positive integer, got "${String(raw)}"`);
  return n;
}

/** `bidwatch ingest`: the Kafka record topics → the raw tables (what `bidwatch load` does for files). */
export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Consume the Kafka record topics into the database (then `scan --no-load`)',
  usage: '[--db FILE] [--follow] [--brokers host:port,...] [--group id] [--topic-prefix prefix] [options]',
  details: `
Reads every record topic <prefix><type> in a consumer group, validates each message against the
contract and upserts it into the raw tables exactly as \`bidwatch load\` does for files. Rejected
messages go to the dead_letters table and to the dead-letter topic (value = the original bytes,
headers bidwatch.reason_code / bidwatch.reason / bidwatch.source). Offsets are committed only
after the DuckDB transaction holding the messages has committed: a crash loses nothing, and
reading a message twice changes nothing.

Without --follow, it reads up to the end offsets seen at start, then exits (the nightly mode).
With --follow, it runs until SIGINT/SIGTERM, then loads and commits what it holds and exits 0.

Exit status: 0 done; 1 Kafka or the database failed (nothing lost: the next run resumes);
2 bad flags; 130/143 interrupted before the end offsets (without --follow).

Examples:
  bidwatch ingest --db /srv/bidwatch.duckdb && bidwatch scan --db /srv/bidwatch.duckdb --no-load --out /srv/reports
  BIDWATCH_KAFKA_BROKERS=kafka-1:9093,kafka-2:9093 BIDWATCH_KAFKA_SSL=true \\
  BIDWATCH_KAFKA_SASL_MECHANISM=scram-sha-512 BIDWATCH_KAFKA_SASL_USERNAME=bidwatch \\
  BIDWATCH_KAFKA_SASL_PASSWORD=... bidwatch ingest --db /srv/bidwatch.duckdb --follow`,
  options: {
    db: { type: 'string', default: DEFAULT_DATABASE, valueName: 'file', description: 'DuckDB database file (created if missing)' },
    follow: { type: 'boolean', short: 'f', description: 'keep consuming until SIGINT/SIGTERM instead of stopping at the end offsets seen at start' },
    ...kafkaCommandOptions,
    group: { type: 'string', valueName: 'id', description: 'consumer group; its committed offsets are the ingest progress [env BIDWATCH_KAFKA_GROUP; default bidwatch-ingest]' },
    'dead-letter-topic': {
      type: 'string',
      valueName: 'topic',
      description: 'where rejected messages go [env BIDWATCH_KAFKA_DEAD_LETTER_TOPIC; default <prefix>dead_letters]',
    },
    'replication-factor': { type: 'string', valueName: 'n', description: "replication of the dead-letter topic if it has to be created (default: the broker's)" },
    'batch-size': { type: 'string', valueName: 'n', description: 'messages per load (one DuckDB transaction per record type, then one offset commit); default 500000 (50000 with BIDWATCH_LOADER=js)' },
    quiet: { type: 'boolean', short: 'q', description: 'no progress on stderr' },
  },

  async run(values) {
    let settings: KafkaSettings;
    try {
      settings = kafkaSettings(values);
    } catch (error) {
      if (error instanceof KafkaSettingsError) throw new CliError(error.message);
      throw error;
    }
    const follow = values.follow === true;
    const batchSize = positiveInteger(values, 'batch-size');
    const replicationFactor = positiveInteger(values, 'replication-factor');
    const progress = values.quiet === true ? undefined : progressPrinter(settings, follow);

    const controller = new AbortController();
    let stopSignal: NodeJS.Signals | null = null;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopSignal) {
        // A second signal: quit at once. Nothing is lost; uncommitted messages are read again.
        process.stderr.write(`ingest: ${signal} again: quitting now\n`);
        process.exit(128 + (constants.signals[signal] ?? 1));
      }
      stopSignal = signal;
      process.stderr.write(`ingest: ${signal}: loading and committing the messages in hand, then stopping (${signal} again quits at once)\n`);
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    const db = await openForWrite(String(values.db));
    let summary: IngestSummary;
    try {
      summary = await ingestTopics(db, settings, {
        follow,
        batchSize,
        signal: controller.signal,
        deadLetterReplicationFactor: replicationFactor,
        onProgress: progress?.update,
        onWarning: (line) => {
          progress?.clear();
          process.stderr.write(`ingest: ${line}\n`);
        },
      });
    } catch (error) {
      progress?.clear();
      if (error instanceof IngestError) throw new CliError(error.message, 1);
      throw error;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      db.close();
      // kafkajs can leave a socket open after its clients disconnect once a broker restarted
      // under them. Everything is committed and closed by now: a CLI process does not wait on it
      // (main sets process.exitCode long before). Not when a test calls the command in-process.
      if (runsAsCli()) setTimeout(() => process.exit(), 2_000).unref();
    }
    progress?.clear();
    printSummary(summary, settings, String(values.db));

    if (summary.stoppedBy === 'signal' && !follow && stopSignal) {
      console.error(`ingest: stopped by ${stopSignal} before the end offsets; what was read is loaded and committed, the next run carries on`);
      return 128 + (constants.signals[stopSignal as NodeJS.Signals] ?? 1);
    }
    return 0;
  },
};

/** True in the `bidwatch` process itself (bin/bidwatch.js or `tsx cli/main.ts`), not when a test imports the command. */
function runsAsCli(): boolean {
  return process.env.BIDWATCH_CLI === '1' || /cli[\\/]main\.ts$/.test(process.argv[1] ?? '');
}

/**
 * Progress on stderr: on a terminal one line rewritten in place, elsewhere (cron, CI) a line every
 * 10 s, and none while nothing moves.
 */
function progressPrinter(settings: KafkaSettings, follow: boolean) {
  const interactive = Boolean(process.stderr.isTTY) && !process.env.CI;
  let previous: IngestProgress | null = null; // at the last line shown: rates are over the time since
  let lastTotal = -1;
  let shown = false;
  const totalOf = (p: IngestProgress) => recordTypeNames.reduce((sum, type) => sum + p.read[type], 0);
  return {
    update(p: IngestProgress) {
      const total = totalOf(p);
      if (!interactive && (p.elapsedMs - (previous?.elapsedMs ?? 0) < 10_000 || total === lastTotal)) return;
      const seconds = (p.elapsedMs - (previous?.elapsedMs ?? 0)) / 1000;
      const rate = seconds > 0 ? (total - (previous ? totalOf(previous) : 0)) / seconds : 0;
      const perTopic = recordTypeNames
        .filter((type) => p.read[type] > 0)
        .map((type) => {
          const delta = p.read[type] - (previous?.read[type] ?? 0);
          return `${settings.topics[type]} ${number.format(p.read[type])}${delta > 0 && seconds > 0 ? ` (${number.format(Math.round(delta / seconds))}/s)` : ''}`;
        });
      const percent = p.expected ? ` (${Math.min(100, Math.floor((100 * total) / p.expected))}%)` : '';
      const line = `ingest: ${number.format(total)} read${percent}, ${number.format(p.loaded)} loaded, ${number.format(Math.round(rate))} msg/s` +
        (perTopic.length > 0 ? ` | ${perTopic.join(' · ')}` : follow ? ' | waiting for messages' : '');
      previous = p;
      lastTotal = total;
      if (interactive) {
        process.stderr.write(`\r${line.slice(0, (process.stderr.columns || 160) - 1)}\x1b[K`);
        shown = true;
      } else {
        process.stderr.write(`${line}\n`);
      }
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}

function printSummary(summary: IngestSummary, settings: KafkaSettings, dbPath: string): void {
  console.log(`Ingested from ${settings.brokers.join(',')} (group ${settings.groupId}) into ${dbPath}:`);
  printLoadSummary(summary.load);
  const seconds = summary.elapsedMs / 1000;
  const lines = [
    `${number.format(summary.messages)} messages in ${seconds.toFixed(1)} s` +
      (summary.messages > 0 && seconds > 0 ? ` (${number.format(Math.round(summary.messages / seconds))}/s)` : '') +
      `, ${summary.transactions} DuckDB transactions`,
  ];
  if (summary.deadLettersPublished > 0 || summary.redeliveredDeadLetters > 0) {
    lines.push(
      `dead letters: ${number.format(summary.deadLettersPublished)} sent to ${summary.deadLetterTopic}` +
        (summary.redeliveredDeadLetters > 0 ? `, ${number.format(summary.redeliveredDeadLetters)} read again (already in the table and the topic)` : ''),
    );
  }
  if (summary.missingTopics.length > 0) lines.push(`not on the cluster (nothing read): ${summary.missingTopics.join(', ')}`);
  const stopped = { end: 'reached the end offsets seen at start', nothing_new: 'nothing new since the last run', signal: 'stopped by a signal' }[summary.stoppedBy];
  lines.push(stopped);
  console.log(lines.join('\n'));
}
