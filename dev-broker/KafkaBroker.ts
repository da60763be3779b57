/**
 * A real single-node Apache Kafka 3.9 broker (KRaft: one JVM that is both broker and
 * controller) on 127.0.0.1, run from Maven Central jars: no Docker, no Kafka install.
 * Used by `npm run kafka:up` (kafka/cli.ts) and by the integration tests
 * (test/globalSetup.kafka.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const pomFile = path.join(repoRoot, 'dev-broker', 'pom.xml');

/** Where jars (and the `kafka:up` broker's data) live: git-ignored `.kafka/` at the repo root. */
export const kafkaCacheDir = process.env.BIDWATCH_KAFKA_CACHE_DIR ?? path.join(repoRoot, '.kafka');

const host = '127.0.0.1';

export type KafkaBrokerErrorCode = 'maven' | 'java' | 'port-in-use' | 'format' | 'exited' | 'start-timeout';

/** Why the local broker could not be set up; `logTail` holds the end of the broker's log. */
export class KafkaBrokerError extends Error {
  constructor(
    readonly code: KafkaBrokerErrorCode,
    message: string,
    readonly logTail?: string,
  ) {
    super(logTail ? `${message}\n--- last lines of Kafka's output ---\n${logTail}` : message);
    this.name = 'KafkaBrokerError';
  }
}

export interface EnsureKafkaJarsOptions {
  /** Defaults to `.kafka/` at the repo root (or $BIDWATCH_KAFKA_CACHE_DIR). */
  cacheDir?: string;
  /** Progress lines; default stderr. */
  log?: (line: string) => void;
}

/**
 * Makes sure the Kafka jars of dev-broker/pom.xml are in `<cacheDir>/libs`, running Maven only when
 * they are missing or the pom changed (a stamp file holds the pom's hash). Returns the folder.
 *
 * @example
 * const libs = await ensureKafkaJars(); // '/repo/.kafka/libs'; the first run downloads ~46 MB
 */
export async function ensureKafkaJars(options: EnsureKafkaJarsOptions = {}): Promise<string> {
  const cacheDir = options.cacheDir ?? kafkaCacheDir;
  const log = options.log ?? defaultLog;
  const libs = path.join(cacheDir, 'libs');
  const stamp = createHash('sha256').update(await readFile(pomFile)).digest('hex');
  if ((await readText(path.join(libs, '.stamp'))) === stamp) return libs;

  await mkdir(cacheDir, { recursive: true });
  // Maven writes into a private folder that is renamed into place only when complete, so an
  // interrupted download (or a concurrent one) never leaves a half-filled libs/ behind.
  const partial = `${libs}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  const started = Date.now();
  const shown = path.relative(process.cwd(), libs).startsWith('..') ? libs : path.relative(process.cwd(), libs);
  log(`kafka: fetching the Kafka broker jars with Maven into ${shown} (first run only, ~46 MB)...`);
  const heartbeat = setInterval(() => log(`kafka: still fetching jars (${Math.round((Date.now() - started) / 1000)} s)...`), 15_000);
  try {
    const { code, output } = await run(
      process.env.BIDWATCH_MVN ?? 'mvn',
      ['-B', '-q', '-Dstyle.color=never', '-f', pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${partial}`],
      { cwd: repoRoot, timeoutMs: 15 * 60_000 },
    ).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        throw new KafkaBrokerError('maven', 'kafka: `mvn` not found on PATH. Install Maven 3.8+ and a JDK 17+ (or set BIDWATCH_MVN).');
      }
      throw error;
    });
    if (code !== 0) {
      throw new KafkaBrokerError('maven', `kafka: Maven failed (exit ${code}) fetching the Kafka jars:\n${tail(output, 40)}`);
    }
    const jars = (await readdir(partial)).filter((f) => f.endsWith('.jar'));
    if (!jars.some((f) => f.startsWith('kafka_2.13-'))) {
      throw new KafkaBrokerError('maven', `kafka: Maven finished but ${partial} holds no kafka_2.13 jar:\n${tail(output, 40)}`);
    }
    await writeFile(path.join(partial, '.stamp'), stamp);
    await rm(libs, { recursive: true, force: true });
    try {
      await rename(partial, libs);
    } catch (error) {
      // Another process won the race; its copy is as good as ours.
      if ((await readText(path.join(libs, '.stamp'))) !== stamp) throw error;
    }
    log(`kafka: ${jars.length} jars ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return libs;
  } finally {
    clearInterval(heartbeat);
    await rm(partial, { recursive: true, force: true });
  }
}

export interface KafkaBrokerOptions {
  /** Client (PLAINTEXT) port; a free one when not given. */
  port?: number;
  /** KRaft controller port; a free one when not given. */
  controllerPort?: number;
  /** Holds server.properties, the log segments and broker.log. A fresh temp dir (deleted on stop) when not given. */
  dataDir?: string;
  /** Progress lines (fetching jars, formatting, ready); default stderr. The broker's own output goes to `<dataDir>/broker.log`. */
  log?: (line: string) => void;
  /** Keep running after this Node process exits (`npm run kafka:up`). */
  detached?: boolean;
  /** JVM max heap, default `512m`. */
  heap?: string;
  /** How long to wait for the broker to answer, default 90 s. */
  startTimeoutMs?: number;
  /** Extra or overriding server.properties entries, e.g. `{ 'message.max.bytes': 2097152 }`. */
  properties?: Record<string, string | number | boolean>;
  cacheDir?: string;
}

/**
 * A running local broker.
 *
 * @example
 * const broker = await KafkaBroker.start();
 * try {
 *   const kafka = new Kafka({ brokers: [broker.bootstrap] });
 *   // ...
 * } finally {
 *   await broker.stop();
 * }
 */
export class KafkaBroker {
  private child: ChildProcess | undefined;
  private exitHook: (() => void) | undefined;

  private constructor(
    /** `host:port` for `brokers: [...]` of a Kafka client. */
    readonly bootstrap: string,
    readonly port: number,
    readonly controllerPort: number,
    readonly dataDir: string,
    /** The broker's stdout/stderr (log4j at INFO), appended to across restarts. */
    readonly logFile: string,
    readonly clusterId: string,
    private readonly ownsDataDir: boolean,
    private readonly javaArgs: string[],
    private readonly detached: boolean,
    private readonly startTimeoutMs: number,
  ) {}

  /** The JVM's pid (-1 when not running). */
  get pid(): number {
    return this.child?.pid ?? -1;
  }

  /**
   * Fetches the jars if needed, formats the storage on first use of `dataDir`, starts the JVM
   * and resolves once a Kafka client gets cluster metadata with a controller from it.
   */
  static async start(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
    const log = options.log ?? defaultLog;
    const started = Date.now();
    const libs = await ensureKafkaJars({ cacheDir: options.cacheDir, log });
    const [port, controllerPort] = await choosePorts(options.port, options.controllerPort);
    const ownsDataDir = options.dataDir === undefined;
    const dataDir = path.resolve(options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'bidwatch-kafka-'))));
    const logDir = path.join(dataDir, 'logs');
    await mkdir(logDir, { recursive: true });

    const serverProperties = path.join(dataDir, 'server.properties');
    const log4jProperties = path.join(dataDir, 'log4j.properties');
    const logFile = path.join(dataDir, 'broker.log');
    await writeFile(serverProperties, propertiesText(brokerProperties(port, controllerPort, logDir, options.properties)));
    await writeFile(log4jProperties, log4jText);

    const classpath = `${libs}${path.sep}*`;
    const log4j = `-Dlog4j.configuration=file:${log4jProperties}`;
    let clusterId = await readClusterId(logDir);
    try {
      if (!clusterId) {
        clusterId = newClusterId();
        // A short-lived tool JVM: C1 only and the serial collector start it ~2x faster.
        const { code, output } = await run(
          javaBin(),
          ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', log4j, '-cp', classpath,
            'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', serverProperties, '--ignore-formatted'],
          { cwd: dataDir, timeoutMs: 120_000 },
        ).catch(javaMissing);
        if (code !== 0) {
          throw new KafkaBrokerError('format', `kafka: formatting ${logDir} failed (exit ${code})`, tail(output, 30));
        }
        clusterId = (await readClusterId(logDir)) ?? clusterId;
      }
    } catch (error) {
      // Nothing worth keeping yet: the error carries the tool's output.
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
      throw error;
    }

    const javaArgs = [`-Xmx${options.heap ?? '512m'}`, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true', log4j, '-cp', classpath, 'kafka.Kafka', serverProperties];
    const broker = new KafkaBroker(`${host}:${port}`, port, controllerPort, dataDir, logFile, clusterId, ownsDataDir,
      javaArgs, options.detached ?? false, options.startTimeoutMs ?? 90_000);
    await broker.launch();
    log(`kafka: broker ${broker.bootstrap} ready in ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${logFile})`);
    return broker;
  }

  /**
   * SIGTERM (a clean shutdown flushes the logs), then SIGKILL after `timeoutMs`. Deletes the
   * data dir when `start` created it.
   */
  async stop(options: { timeoutMs?: number; keepDataDir?: boolean } = {}): Promise<void> {
    await this.terminate('SIGTERM', options.timeoutMs ?? 30_000);
    if (this.ownsDataDir && !options.keepDataDir) await rm(this.dataDir, { recursive: true, force: true });
  }

  /**
   * Stops the broker and starts it again on the same ports and data, as an operator's restart
   * (or with `hard`, a crash: SIGKILL, no clean shutdown) would; for tests of client reconnects.
   */
  async restart(options: { hard?: boolean } = {}): Promise<void> {
    await this.terminate(options.hard ? 'SIGKILL' : 'SIGTERM', 30_000);
    await this.launch();
  }

  private async launch(): Promise<void> {
    const out = openSync(this.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(javaBin(), this.javaArgs, { cwd: this.dataDir, detached: this.detached, stdio: ['ignore', out, out] });
    } finally {
      closeSync(out);
    }
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) => reject(javaError(error)));
    });
    this.child = child;
    if (this.detached) {
      child.unref();
    } else {
      // A broker started for this process never outlives it, even on a crash or Ctrl-C.
      this.exitHook = () => { try { child.kill('SIGKILL'); } catch { /* already gone */ } };
      process.once('exit', this.exitHook);
    }
    try {
      await this.waitUntilReady(child, this.startTimeoutMs);
    } catch (error) {
      await this.terminate('SIGTERM', 10_000);
      throw error;
    }
  }

  private async terminate(signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
    if (this.exitHook) process.removeListener('exit', this.exitHook);
    this.exitHook = undefined;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
  }

  /**
   * Stops a broker started by another process (the pid file of `kafka:up`). Checks the pid is
   * a Kafka JVM first, so a stale pid file never kills an unrelated process.
   * Returns false when no such broker was running.
   */
  static async stopPid(pid: number, timeoutMs = 30_000): Promise<boolean> {
    if (!isKafkaProcess(pid)) return false;
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid)) {
      if (Date.now() > deadline) {
        process.kill(pid, 'SIGKILL');
        await sleep(200);
        break;
      }
      await sleep(200);
    }
    return true;
  }

  /** True when `pid` is a live Kafka broker JVM. */
  static isRunning(pid: number): boolean {
    return isKafkaProcess(pid);
  }

  private async waitUntilReady(child: ChildProcess, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastError = 'no answer yet';
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new KafkaBrokerError(
          'exited',
          `kafka: the broker exited during startup (${child.exitCode ?? child.signalCode}); log: ${this.logFile}`,
          await fileTail(this.logFile, 40),
        );
      }
      if (await portAccepts(this.port)) {
        try {
          await this.describe();
          return;
        } catch (error) {
          lastError = error instanceof Error ? error.message : String(error);
        }
      }
      await sleep(250);
    }
    throw new KafkaBrokerError(
      'start-timeout',
      `kafka: the broker on ${this.bootstrap} did not become ready within ${timeoutMs / 1000} s (last: ${lastError}); log: ${this.logFile}`,
      await fileTail(this.logFile, 40),
    );
  }

  /** One metadata round trip; fails unless a controller is elected and the cluster is ours. */
  private async describe(): Promise<void> {
    const admin = new Kafka({
      clientId: 'bidwatch-broker-probe',
      brokers: [this.bootstrap],
      logLevel: logLevel.NOTHING,
      connectionTimeout: 2_000,
      requestTimeout: 5_000,
      retry: { retries: 0 },
    }).admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      if (cluster.controller === null || cluster.brokers.length === 0) throw new Error('no controller elected yet');
      // Another broker already on this port would also answer; make sure it is the one we formatted.
      if (cluster.clusterId !== this.clusterId) throw new Error(`cluster id ${cluster.clusterId}, expected ${this.clusterId}`);
    } finally {
      await admin.disconnect();
    }
  }
}

function brokerProperties(
  port: number,
  controllerPort: number,
  logDir: string,
  overrides: KafkaBrokerOptions['properties'] = {},
): Record<string, string | number | boolean> {
  return {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${host}:${controllerPort}`,
    listeners: `PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${host}:${port}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': logDir,
    'num.partitions': 3,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    // One node: every internal topic must live with a single replica or it is never created.
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    // The defaults (50 each) are sized for production; a one-node dev broker creates and loads
    // these internal topics on first use (first consumer group, first idempotent producer).
    'offsets.topic.num.partitions': 5,
    'transaction.state.log.num.partitions': 5,
    // Without it a lone consumer waits 3 s for company before its first assignment.
    'group.initial.rebalance.delay.ms': 0,
    // After a crash (SIGKILL) the restarted node is refused (DUPLICATE_BROKER_REGISTRATION) until
    // its previous incarnation's session expires: 9 s by default, 3 s here.
    'broker.session.timeout.ms': 3_000,
    'broker.heartbeat.interval.ms': 500,
    // Topics come from `bidwatch publish` / `ingest` with explicit partition counts; a typo in
    // a topic name must fail, not silently create an empty topic.
    'auto.create.topics.enable': false,
    ...overrides,
  };
}

const log4jText = `# Everything to stdout, which KafkaBroker sends to <dataDir>/broker.log.
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
`;

function propertiesText(properties: Record<string, string | number | boolean>): string {
  const escape = (value: string) => value.replace(/\\/g, '\\\\');
  return `# Written by kafka/KafkaBroker.ts on every start.\n${Object.entries(properties)
    .map(([key, value]) => `${key}=${escape(String(value))}`)
    .join('\n')}\n`;
}

/**
 * A Kafka cluster id is 16 random bytes in URL-safe base64 without padding (Uuid.toString).
 * Generating it here saves a JVM start (`StorageTool random-uuid`); like Kafka's own
 * Uuid.randomUuid we avoid a leading '-', which command-line parsers take for a flag.
 */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

async function readClusterId(logDir: string): Promise<string | undefined> {
  const meta = await readText(path.join(logDir, 'meta.properties'));
  return meta?.match(/^cluster\.id=(.+)$/m)?.[1]?.trim();
}

async function choosePorts(port: number | undefined, controllerPort: number | undefined): Promise<[number, number]> {
  // Hold every probe socket open until both ports are chosen, so the two never coincide.
  const held: ReturnType<typeof createServer>[] = [];
  const claim = (wanted: number) =>
    new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new KafkaBrokerError('port-in-use', `kafka: port ${host}:${wanted} is already in use (another broker? try \`npm run kafka:down\`, or set another port)`)
            : error,
        ),
      );
      server.listen(wanted, host, () => {
        held.push(server);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : wanted);
      });
    });
  try {
    return [await claim(port ?? 0), await claim(controllerPort ?? 0)];
  } finally {
    await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1_000);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

function javaBin(): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

function javaError(error: NodeJS.ErrnoException): Error {
  return error.code === 'ENOENT'
    ? new KafkaBrokerError('java', `kafka: \`${javaBin()}\` not found. Install a JDK 17+ (or set JAVA_HOME).`)
    : error;
}

function javaMissing(error: NodeJS.ErrnoException): never {
  throw javaError(error);
}

/** Runs a command to completion, output (stdout+stderr) captured. */
function run(command: string, args: string[], options: { cwd: string; timeoutMs: number }): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A detached broker outlives its parent and is reaped by pid 1, which in some containers
  // takes seconds: an exited JVM lingers as a zombie ("Z") that signal 0 still finds.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function isKafkaProcess(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
  try {
    // Linux: the JVM's command line names the main class.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch (error) {
    // No /proc (macOS): trust the pid file.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync('/proc/self');
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function fileTail(file: string, lines: number): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 64 * 1024);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return tail(buffer.toString('utf8'), lines);
    } finally {
      await handle.close();
    }
  } catch {
    return '(no broker log)';
  }
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function defaultLog(line: string): void {
  process.stderr.write(`${line}\n`);
}
