import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LeadContext } from '../loadLeadContext.ts';
import type { RunReport } from '../loadRunReport.ts';
import { renderLeadJob, type LeadJob, type LeadJobResult, type LeadJobSetting } from './renderLeadJob.ts';

/** What every worker gets once: where to write, the run (with the company names) the pages show, how many leads the Markdown details. */
export interface LeadPageWorkerData {
  html: string;
  report: RunReport;
  markdownLeads: number;
}

/**
 * A job as a worker receives it. A batch's context serves many jobs: a worker is sent it with
 * the first of them (`context`), keeps it by `contextId`, and forgets every context not in `keep`.
 */
export interface LeadPageMessage extends LeadJob {
  id: number;
  contextId: number;
  context?: LeadContext;
  keep: number[];
}

type Answer = { id: number; result: LeadJobResult; error?: undefined } | { id: number; error: string; result?: undefined };

interface Waiting {
  job: LeadJob & { id: number; contextId: number };
  context: LeadContext;
  resolve: (result: LeadJobResult) => void;
  reject: (error: Error) => void;
}

/**
 * Runs lead jobs (renderLeadJob.ts: parse and mask the evidence, render the page and the
 * leads' leads.json and leads.md text) on `threads` worker threads, or on the caller's thread when
 * `threads` is 0. That work is pure JavaScript and most of a report's CPU, while the main
 * thread reads DuckDB: spreading it over the cores shortens the report (reports/README.md has
 * the profile). Workers read nothing from the database: the caller sends each job's leads,
 * their evidence still JSON text (cheap to copy between threads), and the batch's context once.
 *
 * @example
 * const pool = new LeadPagePool(LeadPagePool.defaultThreads(), setting);
 * const result = await pool.run({ leads, firstRank: 0, previous: {} }, context);
 * await pool.close();
 */
export class LeadPagePool {
  /** One worker per core the process may use: the main thread mostly waits on DuckDB meanwhile. */
  static defaultThreads(): number {
    return availableParallelism();
  }

  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Waiting[] = [];
  private readonly running = new Map<number, Waiting & { worker: Worker }>();
  private nextId = 1;
  private failure: Error | null = null;
  private readonly contextIds = new WeakMap<LeadContext, number>();
  /** The contexts each worker holds. */
  private readonly held = new Map<Worker, Set<number>>();
  /** The last job queued on the caller's thread (threads 0): jobs there run one after another. */
  private serial: Promise<unknown> = Promise.resolve();

  /**
   * `setting.rules` serves the caller's thread; workers cite the registry's rules, so a custom
   * rule list must run with `threads` 0.
   */
  constructor(readonly threads: number, private readonly setting: LeadJobSetting) {
    const data: LeadPageWorkerData = { html: setting.html, report: setting.report, markdownLeads: setting.markdownLeads };
    for (let i = 0; i < threads; i += 1) {
      const worker = new Worker(new URL('./startLeadPageWorker.mjs', import.meta.url), {
        workerData: data,
        // Not the parent's loader flags (the entry registers tsx itself); a CPU profile, if asked for, covers the workers too.
        execArgv: process.execArgv.filter((flag) => flag.startsWith('--cpu-prof')),
      });
      worker.on('message', (answer: Answer) => this.answered(worker, answer));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => { if (code !== 0) this.fail(new Error(`lead page worker exited with code ${code}`)); });
      this.all.push(worker);
      this.idle.push(worker);
      this.held.set(worker, new Set());
    }
  }

  run(job: LeadJob, context: LeadContext): Promise<LeadJobResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.threads === 0) {
      // One job per turn of the event loop, after the jobs before it: between two jobs the
      // caller's DuckDB reads (the next batch) and page writes move on, on their own threads.
      const result = this.serial.then(() => new Promise<void>((resolve) => { setImmediate(resolve); })).then(() => renderLeadJob(job, context, this.setting));
      this.serial = result.catch(() => undefined);
      return result;
    }
    let contextId = this.contextIds.get(context);
    if (contextId === undefined) this.contextIds.set(context, contextId = this.nextId++);
    const numbered = { ...job, id: this.nextId++, contextId };
    return new Promise((resolve, reject) => {
      this.queue.push({ job: numbered, context, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const waiting = this.queue.shift()!;
      this.running.set(waiting.job.id, { ...waiting, worker });
      const keep = new Set([...this.running.values(), ...this.queue].map((w) => w.job.contextId));
      const held = this.held.get(worker)!;
      const message: LeadPageMessage = { ...waiting.job, keep: [...keep] };
      if (!held.has(waiting.job.contextId)) message.context = waiting.context;
      for (const id of held) if (!keep.has(id)) held.delete(id);
      held.add(waiting.job.contextId);
      worker.postMessage(message);
    }
  }

  private answered(worker: Worker, answer: Answer): void {
    const waiting = this.running.get(answer.id);
    this.running.delete(answer.id);
    this.idle.push(worker);
    if (answer.error !== undefined) waiting?.reject(new Error(`lead page worker: ${answer.error}`));
    else waiting?.resolve(answer.result);
    this.dispatch();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const waiting of [...this.running.values(), ...this.queue]) waiting.reject(error);
    this.running.clear();
    this.queue.length = 0;
  }
}
