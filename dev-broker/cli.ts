/**
 * A local Kafka broker for development: `npm run kafka:up`, `npm run kafka:down`,
 * `npm run kafka:status` (`npx tsx dev-broker/cli.ts up|down|status`).
 *
 * The broker runs detached on 127.0.0.1:9092 (controller 9093; KAFKA_PORT and
 * KAFKA_CONTROLLER_PORT change them), keeps its topics in .kafka/data between runs and
 * writes its log to .kafka/data/broker.log; its pid is in .kafka/broker.pid.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KafkaBroker, KafkaBrokerError, kafkaCacheDir } from './KafkaBroker.ts';

const dataDir = path.join(kafkaCacheDir, 'data');
const pidFile = path.join(kafkaCacheDir, 'broker.pid');

const usage = `Usage: npx tsx dev-broker/cli.ts <command>

  up              start a local broker in the background (127.0.0.1:9092 unless KAFKA_PORT is set)
  down [--purge]  stop it (--purge also deletes its topics: .kafka/data)
  status          print whether it runs and where (exit 1 when it does not)`;

async function readPid(): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(pidFile, 'utf8'), 10);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The bootstrap address is read back from the server.properties the running broker uses. */
async function runningBootstrap(): Promise<string | undefined> {
  try {
    const properties = await readFile(path.join(dataDir, 'server.properties'), 'utf8');
    return properties.match(/^advertised\.listeners=PLAINTEXT:\/\/(.+)$/m)?.[1]?.trim();
  } catch {
    return undefined;
  }
}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return port;
}

async function up(): Promise<number> {
  const pid = await readPid();
  if (pid !== undefined && KafkaBroker.isRunning(pid)) {
    console.log(`kafka: already running (pid ${pid}) at ${(await runningBootstrap()) ?? '?'}`);
    return 0;
  }
  const broker = await KafkaBroker.start({
    port: portFromEnv('KAFKA_PORT', 9092),
    controllerPort: portFromEnv('KAFKA_CONTROLLER_PORT', 9093),
    dataDir,
    detached: true,
  });
  await writeFile(pidFile, `${broker.pid}\n`);
  console.log(`kafka: running (pid ${broker.pid}); bootstrap ${broker.bootstrap}`);
  console.log(`       e.g. BIDWATCH_KAFKA_BROKERS=${broker.bootstrap} npx bidwatch publish data/demo`);
  console.log(`       log ${broker.logFile}; stop with npm run kafka:down`);
  return 0;
}

async function down(purge: boolean): Promise<number> {
  const pid = await readPid();
  const stopped = pid !== undefined && (await KafkaBroker.stopPid(pid));
  await rm(pidFile, { force: true });
  console.log(stopped ? `kafka: stopped (pid ${pid})` : 'kafka: not running');
  if (purge) {
    await rm(dataDir, { recursive: true, force: true });
    console.log(`kafka: deleted ${dataDir}`);
  }
  return 0;
}

async function status(): Promise<number> {
  const pid = await readPid();
  if (pid !== undefined && KafkaBroker.isRunning(pid)) {
    console.log(`kafka: running (pid ${pid}); bootstrap ${(await runningBootstrap()) ?? '?'}`);
    return 0;
  }
  console.log('kafka: not running');
  return 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'up':
      return up();
    case 'down':
      return down(rest.includes('--purge'));
    case 'status':
      return status();
    default:
      console.error(usage);
      return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof KafkaBrokerError ? error.message : error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
