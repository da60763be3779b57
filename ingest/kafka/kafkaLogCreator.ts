import { appendFileSync } from 'node:fs';
import { logLevel, type logCreator } from 'kafkajs';

/**
 * Broker answers that kafkajs retries by itself. It still logs each one at ERROR from the
 * connection layer (e.g. "The coordinator is loading" on the first idempotent producer or
 * consumer group of a fresh broker); if the retries run out, the operation throws anyway.
 */
const transient =
  /coordinator is loading|coordinator is not available|not the coordinator|no leader for this topic-partition|leader is not available|not the leader|group is rebalancing|rebalance in progress/i;

/**
 * Where the client's log goes by default: stderr, or the file named by BIDWATCH_KAFKA_LOG_FILE
 * (the test setup sets it, so a passing run does not print the errors the tests provoke on purpose).
 */
function defaultWrite(line: string): void {
  const file = process.env.BIDWATCH_KAFKA_LOG_FILE;
  if (file) appendFileSync(file, `${new Date().toISOString()} ${line}\n`);
  else process.stderr.write(`${line}\n`);
}

/**
 * A kafkajs logCreator that writes one plain line per entry (instead of a JSON object) and
 * leaves out the transient, retried errors above.
 *
 * @example
 * new Kafka({ brokers, logCreator: kafkaLogCreator() });
 */
export function kafkaLogCreator(write: (line: string) => void = defaultWrite): logCreator {
  return () =>
    ({ namespace, level, label, log }) => {
      const { message, error } = log as { message: string; error?: unknown };
      if (level === logLevel.ERROR && namespace === 'Connection' && transient.test(String(error))) return;
      const broker = typeof log.broker === 'string' ? ` (${log.broker})` : '';
      write(`kafkajs ${label} [${namespace}] ${message}${error ? `: ${String(error)}` : ''}${broker}`);
    };
}
