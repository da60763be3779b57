import path from 'node:path';
import { CliError } from '../CliError.ts';
import type { Command } from '../Command.ts';
import { kafkaCommandOptions } from '../kafkaCommandOptions.ts';
import { kafkaSettings } from '../../ingest/kafka/kafkaSettings.ts';
import { KafkaSettingsError } from '../../ingest/kafka/KafkaSettingsError.ts';
import { publishDirectory, type PublishProgress } from '../../ingest/kafka/publishDirectory.ts';
import { PublishError } from '../../ingest/kafka/PublishError.ts';
import { recordTypeNames } from '../../db/recordSchemas.ts';

const defaultDir = 'data/demo';

function positiveInteger(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--${name} must be a positive integer, got "${String(raw)}"`);
  return n;
}

const number = new Intl.NumberFormat('en-US');

/** `bidwatch publish [dir]`: sends `<type>.jsonl` files to the Kafka record topics. */
export const publishCommand: Command = {
  name: 'publish',
  summary: 'Send a directory of <type>.jsonl files to the Kafka record topics (demos, replays, tests)',
  usage: `[<dir>] [--brokers host:port,...] [--topic-prefix prefix] [options]   (dir default: ${defaultDir})`,
  details: `
One message per line to topic <prefix><type> (e.g. tender.bids): key = the record's id (code for
projects), value = the line's bytes as they are. Lines that are not valid records are published
too; \`bidwatch ingest\` dead-letters them with their reason, as the file loader does.
Missing topics are created (--partitions, --replication-factor). The producer is idempotent
(acks=all): a retry never duplicates a message, and re-publishing a directory is harmless to the
database (upsert by id; an identical record changes nothing).

Exit status: 0 when every line was published, 1 when some line was too large for the topic.

Examples:
  npm run kafka:up && npx bidwatch publish data/demo
  BIDWATCH_KAFKA_BROKERS=kafka-1:9093 BIDWATCH_KAFKA_SSL=true \\
  BIDWATCH_KAFKA_SASL_MECHANISM=scram-sha-512 BIDWATCH_KAFKA_SASL_USERNAME=bidwatch \\
  BIDWATCH_KAFKA_SASL_PASSWORD=... npx bidwatch publish replay/2024-03 --replication-factor 3`,
  allowPositionals: true,
  options: {
    ...kafkaCommandOptions,
    partitions: { type: 'string', valueName: 'n', description: 'partitions of topics that have to be created (default 3)' },
    'replication-factor': { type: 'string', valueName: 'n', description: 'replication of topics that have to be created (default 1)' },
    'max-message-bytes': {
      type: 'string',
      valueName: 'n',
      description: "the topics' max.message.bytes; larger lines are skipped and reported (default 1048588, the broker default)",
    },
    'batch-size': { type: 'string', valueName: 'n', description: 'messages per produce request, at most (default 5000)' },
    quiet: { type: 'boolean', short: 'q', description: 'no progress lines on stderr' },
  },

  async run(values, positionals) {
    if (positionals.length > 1) throw new CliError(`expected one directory, got ${positionals.length}: ${positionals.join(' ')}`);
    const dir = positionals[0] ?? defaultDir;
    let settings;
    try {
      settings = kafkaSettings(values);
    } catch (error) {
      if (error instanceof KafkaSettingsError) throw new CliError(error.message);
      throw error;
    }
    const quiet = values.quiet === true;
    let lastLine = Date.now();
    const onProgress = (p: PublishProgress) => {
      if (quiet) return;
      const now = Date.now();
      if (!p.done && now - lastLine < 2_000) return;
      lastLine = now;
      const percent = p.bytesTotal > 0 ? Math.round((100 * p.bytesRead) / p.bytesTotal) : 100;
      process.stderr.write(`publish: ${p.topic} ${number.format(p.messages)} messages${p.done ? '' : ` (${percent}%)`}\n`);
    };

    let summary;
    try {
      summary = await publishDirectory(dir, settings, {
        batchSize: positiveInteger(values, 'batch-size'),
        partitions: positiveInteger(values, 'partitions'),
        replicationFactor: positiveInteger(values, 'replication-factor'),
        maxMessageBytes: positiveInteger(values, 'max-message-bytes'),
        onProgress,
      });
    } catch (error) {
      if (error instanceof PublishError) throw new CliError(error.message, error.code === 'send_timeout' ? 1 : 2);
      // kafkajs errors (unreachable broker, authentication, authorisation) are the user's to fix.
      if (error instanceof Error && error.name.startsWith('KafkaJS')) {
        throw new CliError(`Kafka at ${settings.brokers.join(',')}: ${error.message}`, 1);
      }
      throw error;
    }

    for (const name of summary.ignoredFiles) console.error(`publish: ignored ${path.join(dir, name)} (not a record type)`);
    const width = Math.max(...recordTypeNames.map((t) => settings.topics[t].length));
    const lines = [`Published ${dir} to ${settings.brokers.join(',')}:`];
    for (const type of recordTypeNames) {
      const count = summary.files[type] ? number.format(summary.messages[type]).padStart(12) : '     no file';
      lines.push(`  ${settings.topics[type].padEnd(width)} ${count}`);
    }
    const seconds = summary.elapsedMs / 1000;
    lines.push(
      `  ${'total'.padEnd(width)} ${number.format(summary.total).padStart(12)} messages, ${(summary.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s` +
        (seconds > 0 ? ` (${number.format(Math.round(summary.total / seconds))}/s)` : ''),
    );
    if (summary.createdTopics.length > 0) lines.push(`  created topics: ${summary.createdTopics.join(', ')}`);
    console.log(lines.join('\n'));

    if (summary.oversized.length > 0) {
      for (const o of summary.oversized.slice(0, 20)) {
        console.error(`publish: NOT published ${o.file}:${o.line}: ${number.format(o.bytes)} bytes exceeds the topic's message size limit`);
      }
      if (summary.oversized.length > 20) console.error(`publish: ... and ${summary.oversized.length - 20} more`);
      return 1;
    }
    return 0;
  },
};
