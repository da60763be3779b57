import { existsSync, readFileSync } from 'node:fs';
import type { Database } from '../db/Database.ts';

/** One reading of where the process's memory is, in bytes. */
export interface MemoryReading {
  /** Resident now (VmRSS) and the peak so far (VmHWM). */
  rss: number;
  peak: number;
  /** The main thread's V8 heap (committed and used); worker threads' heaps are not in it. */
  heapTotal: number;
  heapUsed: number;
  /** ArrayBuffers and SharedArrayBuffers (typed arrays, Buffers): outside the V8 heap. */
  arrayBuffers: number;
  /** What DuckDB's buffer manager accounts for (duckdb_memory()): its pool, up to memory_limit. */
  duckdbTracked: number | null;
}

const gb = (bytes: number | null) => (bytes === null ? '   n/a' : (bytes / 1024 ** 3).toFixed(2).padStart(6));

/**
 * Where the RSS of a scan goes: V8 heap, array buffers, DuckDB's accounted buffers, and the rest
 * (DuckDB's memory outside its accounting, allocator caches, worker threads' heaps, code), read
 * from /proc/self/status, process.memoryUsage() and duckdb_memory(). `sampleEvery` ms it also reads
 * while a stage runs (when the event loop is free: not inside synchronous JavaScript), so the
 * largest RSS seen in a stage comes with its split, not only the stage's end.
 *
 * @example
 * const split = await MemorySplit.start(db, 1000);
 * await work();
 * console.error(split.line('rules'));
 * await split.stop();
 */
export class MemorySplit {
  private largest: MemoryReading | null = null;
  private timer: NodeJS.Timeout | null = null;
  private probing = false;

  private constructor(private readonly probe: Database) {}

  /** `db`: the scan's database (a second connection to it reads duckdb_memory() beside the scan). */
  static async start(db: Database, sampleEvery: number): Promise<MemorySplit> {
    const split = new MemorySplit(await db.connectAgain());
    split.timer = setInterval(() => { void split.sample(); }, sampleEvery);
    split.timer.unref();
    return split;
  }

  static readProcess(): Omit<MemoryReading, 'duckdbTracked'> {
    const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    const usage = process.memoryUsage();
    return { rss: kb('VmRSS') || usage.rss, peak: kb('VmHWM'), heapTotal: usage.heapTotal, heapUsed: usage.heapUsed, arrayBuffers: usage.arrayBuffers };
  }

  async read(): Promise<MemoryReading> {
    const process = MemorySplit.readProcess();
    let duckdbTracked: number | null = null;
    try {
      const [row] = await this.probe.query<{ bytes: number }>('select sum(memory_usage_bytes)::double as bytes from duckdb_memory()');
      duckdbTracked = row?.bytes ?? null;
    } catch {
      duckdbTracked = null;
    }
    return { ...process, duckdbTracked };
  }

  private async sample(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      const reading = await this.read();
      if (this.largest === null || reading.rss > this.largest.rss) this.largest = reading;
    } finally {
      this.probing = false;
    }
  }

  /** The split now and at the largest RSS sampled since the last line; starts the next interval. */
  async line(label: string): Promise<string> {
    const sampled = this.largest;
    this.largest = null;
    const now = await this.read();
    const largest = sampled !== null && sampled.rss > now.rss ? sampled : now;
    return `${label.padEnd(28)} now ${MemorySplit.format(now)} | largest sampled ${MemorySplit.format(largest)} | peak ${gb(now.peak)}`;
  }

  /** rss = heap + array buffers + DuckDB's accounted memory + the rest. */
  static format(reading: MemoryReading): string {
    const rest = reading.rss - reading.heapTotal - reading.arrayBuffers - (reading.duckdbTracked ?? 0);
    return `rss ${gb(reading.rss)} = heap ${gb(reading.heapTotal)} (used ${gb(reading.heapUsed)}) + buffers ${gb(reading.arrayBuffers)} + duckdb ${gb(reading.duckdbTracked)} + rest ${gb(rest)}`;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.probing) await new Promise((resolve) => setTimeout(resolve, 10));
    this.probe.close();
  }
}
